// SPDX-License-Identifier: Apache-2.0
// A device that stops acking while the core holds events back for it (its window of 1,024
// unacked events is full, or a replayed page waits for its ack) is closed as slow_consumer
// after [messaging] slow_consumer_timeout_ms; a device that acks, however late within the
// timeout, and an idle one that owes no ack are never closed.
#include <thread>

#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

constexpr int kWindow = 1024;      // Session's kMaxUnacked
constexpr auto kTimeout = 1000ms;  // slow_consumer_timeout_ms below

class SlowConsumer : public ChatTest {
 protected:
  std::string extra_config() const override {
    return "slow_consumer_timeout_ms = 1000\n"
           "[limits]\nsends_per_device_per_minute = 0\nsends_per_address_per_minute = 0\n";
  }

  // Sends `n` messages to `to` without waiting for each reply, then waits for them all.
  void flood(Client& from, const Client& to, int n) {
    for (int i = 0; i < n; ++i)
      from.post({{"op", "send"},
                 {"id", "f" + std::to_string(i)},
                 {"to", {{"user", to.user}}},
                 {"client_msg_id", "f" + std::to_string(++sent_)},
                 {"body", {{"text", "m" + std::to_string(i)}}}});
    for (int i = 0; i < n; ++i) {
      auto r = from.link().take([&](const json::object& f) { return f.contains("ok"); }, 10s);
      ASSERT_TRUE(r) << "no reply to send " << i;
      ASSERT_EQ(r->at("ok"), true) << json::serialize(*r);
    }
  }

  // The next message event of `who`, if one comes within `wait`.
  static std::optional<json::object> next_message(Client& who, std::chrono::milliseconds wait) {
    return who.link().take(
        [](const json::object& f) {
          auto* ev = f.if_contains("ev");
          return ev && *ev == "message";
        },
        wait);
  }

  int sent_ = 0;
};

TEST_F(SlowConsumer, ADeviceThatNeverAcksAFullWindowIsClosedAndOthersAreNot) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto t0 = std::chrono::steady_clock::now();
  flood(alice, bob, kWindow + 100);
  ASSERT_TRUE(bob.link().wait_closed(5s)) << "bob was not closed";
  EXPECT_EQ(bob.link().close_reason(), "slow_consumer");
  EXPECT_GE(std::chrono::steady_clock::now() - t0, kTimeout);
  // It got the window, then nothing more.
  int got = 0;
  while (next_message(bob, 200ms)) ++got;
  EXPECT_EQ(got, kWindow);
  // Alice, who sent, and carol, who chats, stay.
  ASSERT_EQ(alice.send_to_user(carol, "still here").at("ok"), true);
  EXPECT_EQ(carol.next("message").at("body").at("text"), "still here");
  EXPECT_FALSE(alice.link().closed());
  EXPECT_FALSE(carol.link().closed());
  // Nothing was lost: a new connection gets what was not acked, from the start.
  bob.connect();
  EXPECT_EQ(bob.next("message").at("body").at("text"), "m0");
}

TEST_F(SlowConsumer, ADeviceThatAcksLateButWithinTheTimeoutGetsEverything) {
  auto& alice = login(1);
  auto& bob = login(2);
  constexpr int kCount = 2 * kWindow + 300;
  std::thread sender([&] { flood(alice, bob, kCount); });
  // Bob reads what comes and acks only when nothing more does (a full window, the end of a
  // replayed page), and then late, though well within the timeout.
  int got = 0;
  std::int64_t last = 0;
  while (got < kCount) {
    if (auto m = next_message(bob, 100ms)) {
      ASSERT_EQ(m->at("body").at("text"), ("m" + std::to_string(got)).c_str());
      last = m->at("cursor").as_int64();
      ++got;
      continue;
    }
    ASSERT_FALSE(bob.link().closed()) << "closed after " << got;
    std::this_thread::sleep_for(kTimeout * 3 / 10);
    bob.ack(last);
  }
  sender.join();
  EXPECT_FALSE(bob.link().closed()) << bob.link().close_reason();
  // Acked everything: nothing waits for it, so idling is fine.
  std::this_thread::sleep_for(3 * kTimeout);
  EXPECT_FALSE(bob.link().closed()) << bob.link().close_reason();
}

TEST_F(SlowConsumer, AReplayedPageThatIsNeverAckedClosesTooAndAnAckingReconnectGetsAll) {
  auto& alice = login(1);
  auto& bob = login(2, "phone", false);
  flood(alice, bob, 600);  // more than one replay page (256)
  bob.connect();
  int page = 0;
  while (next_message(bob, 200ms)) ++page;
  EXPECT_EQ(page, 256);
  ASSERT_TRUE(bob.link().wait_closed(5s));
  EXPECT_EQ(bob.link().close_reason(), "slow_consumer");

  bob.connect();
  int got = 0;
  std::int64_t last = 0;
  while (got < 600) {
    auto m = bob.next("message");
    ASSERT_FALSE(m.empty()) << "stalled after " << got;
    ASSERT_EQ(m.at("body").at("text"), ("m" + std::to_string(got)).c_str());
    last = m.at("cursor").as_int64();
    ++got;
    bob.ack(last);  // as the client library does: each event once handled
  }
  EXPECT_FALSE(bob.link().closed());
}

}  // namespace
}  // namespace sb::core::test
