// SPDX-License-Identifier: Apache-2.0
// store-postgres while PostgreSQL restarts under load: appends during the gap fail with
// `unavailable` within a bound (no hang), the plugin reconnects by itself, and afterwards
// every append that was answered with success is in the chat exactly once, gap-free.
#include <gmock/gmock.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "pg_control.hpp"
#include "postgres_factory.hpp"

namespace sb::conformance {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kBound = std::chrono::seconds(5);
const std::string kChat = "d:alice:bob";

struct Outcome {
  std::string body;
  bool ok = false;
  StoreError::Kind kind = StoreError::Kind::unavailable;
  std::string error;
  Clock::duration took{};
  Clock::time_point at{};
};

// One append, waited for at most 3x the bound so a hang shows as a slow outcome.
Outcome timed_append(MessageStore& store, const std::string& client_id) {
  Outcome out;
  out.body = "body-" + client_id;
  auto promise = std::make_shared<std::promise<Outcome>>();
  auto future = promise->get_future();
  auto start = Clock::now();
  store.append(message(kChat, "alice", "a1", client_id, out.body, {{"bob", "b1", ""}}),
               [promise, out](const AppendResult* r, const StoreError* e) mutable {
                 out.ok = r != nullptr;
                 if (e) {
                   out.kind = e->kind();
                   out.error = e->what();
                 }
                 promise->set_value(out);
               });
  if (future.wait_for(kBound * 3) != std::future_status::ready) {
    out.error = "no answer within " + std::to_string(3 * kBound.count()) + " s";
    out.took = Clock::now() - start;
    out.at = Clock::now();
    return out;
  }
  out = future.get();
  out.took = Clock::now() - start;
  out.at = Clock::now();
  return out;
}

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

TEST(PostgresRestart, AppendsDuringTheGapFailFastThenTheStoreReconnects) {
  auto pg = PgControl::from_env();
  PostgresFactory factory(
      "connect_timeout_ms = 1000\nstatement_timeout_ms = 2000\nreconnect_backoff_ms = 100");
  auto s = factory.open();

  std::mutex mutex;
  std::vector<Outcome> outcomes;
  std::atomic<bool> stop{false};
  std::vector<std::thread> senders;
  for (int t = 0; t < 2; ++t)
    senders.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        auto o = timed_append(*s.messages, "t" + std::to_string(t) + "-" + std::to_string(i));
        {
          std::lock_guard lock(mutex);
          outcomes.push_back(o);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(3));
      }
    });
  auto successes_since = [&](Clock::time_point since) {
    std::lock_guard lock(mutex);
    return std::count_if(outcomes.begin(), outcomes.end(),
                         [&](const Outcome& o) { return o.ok && o.at > since; });
  };

  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_GT(successes_since({}), 0) << "nothing was stored before the restart";
  pg.stop();
  // Synchronous calls fail as fast as appends do while the server is down.
  auto t0 = Clock::now();
  try {
    s.messages->history(kChat, 0, 1);
    ADD_FAILURE() << "history() answered while PostgreSQL was down";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::unavailable) << e.what();
  }
  EXPECT_LT(Clock::now() - t0, kBound);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  pg.start();
  auto restarted = Clock::now();

  // The store reconnects by itself: appends succeed again without reopening it.
  auto deadline = restarted + std::chrono::seconds(20);
  while (successes_since(restarted) < 20 && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  for (auto& t : senders) t.join();
  s.messages->flush();

  std::map<std::string, bool> answered_ok;
  int failures = 0;
  Clock::duration slowest{};
  for (auto& o : outcomes) {
    answered_ok[o.body] = o.ok;
    slowest = std::max(slowest, o.took);
    if (o.ok) continue;
    failures++;
    EXPECT_EQ(o.kind, StoreError::Kind::unavailable) << o.body << ": " << o.error;
  }
  EXPECT_LE(slowest, kBound) << "an append took " << seconds(slowest) << " s";
  EXPECT_GT(failures, 0) << "no append saw the gap";
  EXPECT_GE(successes_since(restarted), 20) << "the store did not recover after the restart";
  EXPECT_EQ(factory.health_state(), "ok");

  // Every success exactly once; failures at most once (a lost COMMIT answer may have
  // committed); seqs gap-free.
  auto held = s.messages->history(kChat, 0, 1000000);
  std::map<std::string, int> seen;
  for (auto& m : held) seen[m.body]++;
  for (auto& [body, ok] : answered_ok) {
    if (ok) {
      EXPECT_EQ(seen[body], 1) << body << " was answered with success";
    }
    EXPECT_LE(seen[body], 1) << body;
  }
  for (std::size_t i = 0; i < held.size(); ++i)
    EXPECT_EQ(held[i].seq, static_cast<std::int64_t>(held.size() - i)) << "seq gap";
  EXPECT_EQ(s.messages->inbox("bob", "b1", 0, 1000000).size(), held.size());
  // The pool reconnected too.
  EXPECT_EQ(s.accounts->create_user({"u1", "+1555", "Ann", 1, false}).id, "u1");

  std::lock_guard lock(mutex);
  std::cout << "[ restart  ] " << outcomes.size() << " appends, " << failures
            << " failed during the gap, slowest " << seconds(slowest) << " s, " << held.size()
            << " stored\n";
  s = {};
}

}  // namespace
}  // namespace sb::conformance
