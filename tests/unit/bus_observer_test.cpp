// SPDX-License-Identifier: Apache-2.0
// Observers: per-handler publish order, bounded queues that drop and count, errors, filters,
// unsubscribing, remove_instance as the unload barrier, and stop() draining.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "bus_test_support.hpp"

namespace sb::kernel {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view accepted = "message.accepted";

MessageAccepted message(std::int64_t seq, std::string chat = "g:friends") {
  MessageAccepted m;
  m.seq = seq;
  m.chat = std::move(chat);
  return m;
}

// Seqs an observer received, readable from the test thread.
struct Received {
  std::mutex mutex;
  std::vector<std::int64_t> seqs;

  void add(std::int64_t s) {
    std::lock_guard lock(mutex);
    seqs.push_back(s);
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return seqs.size();
  }
  std::vector<std::int64_t> get() {
    std::lock_guard lock(mutex);
    return seqs;
  }
};

// Holds an observer inside its call until the test opens it.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  std::atomic<int> waiting{0};

  void pass() {
    std::unique_lock lock(mutex);
    ++waiting;
    cv.wait_for(lock, 5s, [&] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
};

class BusObservers : public BusTest {};

TEST_F(BusObservers, EachHandlerSeesEventsInPublishOrder) {
  settings.observer_threads = 3;
  Received r1, r2, r3;
  auto push = bus().view("push");
  auto s1 = push->observe<MessageAccepted>([&](const MessageAccepted& m) { r1.add(m.seq); });
  auto s2 = push->observe<MessageAccepted>([&](const MessageAccepted& m) { r2.add(m.seq); });
  auto s3 = bus().view("audit")->observe<MessageAccepted>(
      [&](const MessageAccepted& m) { r3.add(m.seq); });
  auto kernel = bus().view("kernel");
  constexpr int n = 2000;
  for (int i = 0; i < n; ++i) kernel->publish(message(i));
  ASSERT_TRUE(eventually([&] { return r1.size() == n && r2.size() == n && r3.size() == n; }));
  std::vector<std::int64_t> expected(n);
  for (int i = 0; i < n; ++i) expected[i] = i;
  EXPECT_EQ(r1.get(), expected);
  EXPECT_EQ(r2.get(), expected);
  EXPECT_EQ(r3.get(), expected);
  EXPECT_EQ(metrics.counter("sb_bus_published_total", "", {{"event", "message.accepted"}}).value(),
            n);
  EXPECT_EQ(calls(accepted, "push", "observer"), 2u * n);
}

TEST_F(BusObservers, FullQueueDropsAndCountsExactlyTheDropped) {
  settings.observer_threads = 1;
  settings.queue_capacity = 2;
  Gate gate;
  Received got;
  auto slow = bus().view("slow");
  auto s = slow->observe<MessageAccepted>([&](const MessageAccepted& m) {
    if (m.seq == 0) gate.pass();
    got.add(m.seq);
  });
  auto kernel = bus().view("kernel");
  kernel->publish(message(0));
  ASSERT_TRUE(eventually([&] { return gate.waiting == 1; }));
  for (int i = 1; i <= 5; ++i) kernel->publish(message(i));  // 1 and 2 fit, 3..5 do not
  auto& dropped = metrics.counter("sb_bus_dropped_total", "", labels(accepted, "slow"));
  EXPECT_EQ(dropped.value(), 3);
  gate.release();
  ASSERT_TRUE(eventually([&] { return got.size() == 3; }));
  kernel->publish(message(6));
  ASSERT_TRUE(eventually([&] { return got.size() == 4; }));
  EXPECT_EQ(got.get(), (std::vector<std::int64_t>{0, 1, 2, 6}));
  EXPECT_EQ(dropped.value(), 3);
  EXPECT_TRUE(log.contains("observer deliveries dropped")) << log.all();
}

TEST_F(BusObservers, ThrowingObserverIsCountedAndTheWorkerContinues) {
  settings.observer_threads = 1;
  Received got;
  auto s = bus().view("bot")->observe<MessageAccepted>([&](const MessageAccepted& m) {
    if (m.seq == 1) throw std::runtime_error("bad bot");
    got.add(m.seq);
  });
  auto kernel = bus().view("kernel");
  for (int i = 0; i < 3; ++i) kernel->publish(message(i));
  ASSERT_TRUE(eventually([&] { return got.size() == 2; }));
  EXPECT_EQ(got.get(), (std::vector<std::int64_t>{0, 2}));
  EXPECT_TRUE(eventually([&] { return errors(accepted, "bot", "observer") == 1; }));
  EXPECT_TRUE(log.contains("bad bot")) << log.all();
}

TEST_F(BusObservers, FilterDeliversOnlyMatchingEvents) {
  settings.handlers["bot"].filter = json::object{{"chat", "g:bots"}};
  Received got, all;
  auto s1 = bus().view("bot")->observe<MessageAccepted>(
      [&](const MessageAccepted& m) { got.add(m.seq); });
  auto s2 = bus().view("audit")->observe<MessageAccepted>(
      [&](const MessageAccepted& m) { all.add(m.seq); });
  auto kernel = bus().view("kernel");
  kernel->publish(message(1, "g:friends"));
  kernel->publish(message(2, "g:bots"));
  kernel->publish(message(3, "d:a:b"));
  ASSERT_TRUE(eventually([&] { return all.size() == 3; }));
  ASSERT_TRUE(eventually([&] { return got.size() == 1; }));
  EXPECT_EQ(got.get(), (std::vector<std::int64_t>{2}));
}

TEST_F(BusObservers, EventsRuleExcludesObserver) {
  settings.observer_threads = 1;
  settings.handlers["push"].events = std::vector<std::string>{"message.undelivered"};
  Received push, sentinel;
  auto s1 = bus().view("push")->observe<MessageAccepted>(
      [&](const MessageAccepted& m) { push.add(m.seq); });
  auto s2 = bus().view("audit")->observe<MessageAccepted>(
      [&](const MessageAccepted& m) { sentinel.add(m.seq); });
  bus().view("kernel")->publish(message(1));
  ASSERT_TRUE(eventually([&] { return sentinel.size() == 1; }));
  EXPECT_EQ(push.size(), 0u);
  EXPECT_EQ(bus().wiring()[0].at("observers").at(0).at("excluded"), true);
}

TEST_F(BusObservers, ResetSubscriptionIsNeverCalledAgain) {
  settings.observer_threads = 1;  // one FIFO: the sentinel runs after what would have been
  Received got, sentinel;
  auto s1 =
      bus().view("a")->observe<MessageAccepted>([&](const MessageAccepted& m) { got.add(m.seq); });
  auto s2 = bus().view("b")->observe<MessageAccepted>(
      [&](const MessageAccepted& m) { sentinel.add(m.seq); });
  auto kernel = bus().view("kernel");
  kernel->publish(message(1));
  ASSERT_TRUE(eventually([&] { return got.size() == 1 && sentinel.size() == 1; }));
  s1.reset();
  kernel->publish(message(2));
  ASSERT_TRUE(eventually([&] { return sentinel.size() == 2; }));
  EXPECT_EQ(got.size(), 1u);
}

TEST_F(BusObservers, QueuedDeliveriesOfAResetHandlerAreSkipped) {
  settings.observer_threads = 1;
  Gate gate;
  Received got, sentinel;
  auto s0 = bus().view("blocker")->observe<MessageAccepted>([&](const MessageAccepted& m) {
    if (m.seq == 0) gate.pass();
  });
  auto s1 =
      bus().view("a")->observe<MessageAccepted>([&](const MessageAccepted& m) { got.add(m.seq); });
  auto s2 = bus().view("b")->observe<MessageAccepted>(
      [&](const MessageAccepted& m) { sentinel.add(m.seq); });
  auto kernel = bus().view("kernel");
  kernel->publish(message(0));
  ASSERT_TRUE(eventually([&] { return gate.waiting == 1; }));
  s1.reset();  // its delivery of seq 0 is queued behind the blocker
  gate.release();
  ASSERT_TRUE(eventually([&] { return sentinel.size() == 1; }));
  EXPECT_EQ(got.size(), 0u);
}

TEST_F(BusObservers, RemoveInstanceWaitsForARunningCallback) {
  Gate gate;
  std::atomic<bool> finished{false};
  auto s = bus().view("plugin")->observe<MessageAccepted>([&](const MessageAccepted&) {
    gate.pass();
    std::this_thread::sleep_for(20ms);
    finished = true;
  });
  bus().view("kernel")->publish(message(1));
  ASSERT_TRUE(eventually([&] { return gate.waiting == 1; }));
  EXPECT_FALSE(bus().remove_instance("plugin", 10ms));  // still blocked
  gate.release();
  EXPECT_TRUE(bus().remove_instance("plugin", 5s));
  EXPECT_TRUE(finished);
  EXPECT_TRUE(bus().wiring().empty());
}

TEST_F(BusObservers, RemoveInstanceWaitsForEventsItPublished) {
  settings.observer_threads = 1;
  Gate gate;
  auto s = bus().view("audit")->observe<MessageAccepted>([&](const MessageAccepted& m) {
    if (m.seq == 0) gate.pass();
  });
  auto kernel = bus().view("kernel");
  kernel->publish(message(0));
  ASSERT_TRUE(eventually([&] { return gate.waiting == 1; }));
  auto plugin = bus().view("plugin");
  plugin->publish(message(1));  // queued behind the gate
  EXPECT_FALSE(bus().remove_instance("plugin", 10ms));
  gate.release();
  EXPECT_TRUE(bus().remove_instance("plugin", 5s));
}

TEST_F(BusObservers, StopDrainsQueuesThenCountsLaterPublishesAsDropped) {
  settings.observer_threads = 1;
  Received got;
  auto s = bus().view("audit")->observe<MessageAccepted>([&](const MessageAccepted& m) {
    std::this_thread::sleep_for(100us);
    got.add(m.seq);
  });
  auto kernel = bus().view("kernel");
  for (int i = 0; i < 100; ++i) kernel->publish(message(i));
  bus().stop();
  EXPECT_EQ(got.size(), 100u);
  kernel->publish(message(100));
  EXPECT_EQ(metrics.counter("sb_bus_dropped_total", "", labels(accepted, "audit")).value(), 1);
  bus().stop();  // idempotent
}

TEST_F(BusObservers, StopPastItsBoundDropsWhatIsLeft) {
  settings.observer_threads = 1;
  Gate gate;
  Received got;
  auto s = bus().view("audit")->observe<MessageAccepted>([&](const MessageAccepted& m) {
    if (m.seq == 0) gate.pass();
    got.add(m.seq);
  });
  auto kernel = bus().view("kernel");
  for (int i = 0; i < 4; ++i) kernel->publish(message(i));
  ASSERT_TRUE(eventually([&] { return gate.waiting == 1; }));
  std::thread opener([&] {
    std::this_thread::sleep_for(30ms);
    gate.release();
  });
  bus().stop(1ms);
  opener.join();
  EXPECT_EQ(got.get(), (std::vector<std::int64_t>{0}));
  EXPECT_EQ(metrics.counter("sb_bus_dropped_total", "", labels(accepted, "audit")).value(), 3);
}

TEST_F(BusObservers, SubscriptionOutlivingTheBusIsSafe) {
  Received got;
  auto view = bus().view("a");
  auto s = view->observe<MessageAccepted>([&](const MessageAccepted& m) { got.add(m.seq); });
  view->publish(message(1));
  destroy_bus();
  EXPECT_EQ(got.size(), 1u);  // destroying the bus drained the queue
  s.reset();
  view.reset();
}

}  // namespace
}  // namespace sb::kernel
