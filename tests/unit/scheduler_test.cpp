// SPDX-License-Identifier: Apache-2.0
// The timer thread: one-shot and periodic timers, cancellation by handle, posted work,
// and a throwing callback that does not stop the others.
#include "kernel/host/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "kernel/host/log.hpp"

namespace sb::kernel {
namespace {

using namespace std::chrono_literals;

bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(2ms);
  return done();
}

struct SchedulerTest : ::testing::Test {
  LogSink sink{{"error", LogFormat::text}, std::tmpfile()};
  SourceLogger log{sink, "timers"};
  TimerThread timers{log};
  void SetUp() override { timers.start(); }
};

TEST_F(SchedulerTest, AfterRunsOnceAfterTheDelay) {
  std::atomic<int> runs{0};
  auto start = std::chrono::steady_clock::now();
  std::atomic<std::int64_t> elapsed_ms{0};
  auto h = timers.after(30ms, [&] {
    elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count();
    runs++;
  });
  ASSERT_TRUE(wait_for([&] { return runs == 1; }));
  EXPECT_GE(elapsed_ms.load(), 30);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs, 1);
}

TEST_F(SchedulerTest, EveryRepeatsUntilTheHandleIsReset) {
  std::atomic<int> runs{0};
  auto h = timers.every(5ms, [&] { runs++; });
  ASSERT_TRUE(wait_for([&] { return runs >= 3; }));
  h.reset();
  int after_reset = runs;
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(runs, after_reset);
}

TEST_F(SchedulerTest, ResetBeforeTheDelayCancels) {
  std::atomic<int> runs{0};
  {
    auto h = timers.after(20ms, [&] { runs++; });
  }
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs, 0);
}

TEST_F(SchedulerTest, ThrowingCallbackIsLoggedAndOthersRun) {
  std::atomic<int> runs{0};
  timers.post([] { throw std::runtime_error("boom"); });
  timers.post([&] { runs++; });
  EXPECT_TRUE(wait_for([&] { return runs == 1; }));
  EXPECT_THROW((void)timers.every(0ms, [] {}), std::invalid_argument);
}

TEST_F(SchedulerTest, ACallbackMayCancelItsOwnTimer) {
  std::atomic<int> runs{0};
  Subscription h;
  h = timers.every(2ms, [&] {
    if (++runs == 2) h.reset();
  });
  std::this_thread::sleep_for(40ms);
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace sb::kernel
