// SPDX-License-Identifier: Apache-2.0
// Push, as the core decides it: subscriptions per device (ops, errors, limits), one push for
// a burst to an offline device and then at most one per interval, group events push and
// receipts do not, no content in a push, retries with Retry-After, and subscriptions deleted
// when the service says gone, the device is revoked or the user banned. The provider is the
// push-probe test plugin, whose endpoints script the service's answers.
#include <gmock/gmock.h>

#include <thread>

#include "chat_harness.hpp"
#include "kernel/core/core.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/host/service_registry.hpp"
#include "probe_service.hpp"

namespace sb::core::test {
namespace {

class PushTest : public ChatTest {
 protected:
  std::string extra_config() const override {
    return "push_interval_ms = 600\npush_max_tries = 3\n"
           "[plugin.pushes]\nuse = \"push-probe\"\n";
  }
  // Every send the probe provider saw, oldest first.
  std::vector<json::object> sends() {
    auto probe = std::static_pointer_cast<sb::test::Probe>(
        server->services().get(sb::test::Probe::service_name, "pushes"));
    std::vector<json::object> out;
    for (auto& line : probe->lines()) out.push_back(json::parse(line).as_object());
    return out;
  }
  std::vector<json::object> sends_to(const std::string& endpoint) {
    std::vector<json::object> out;
    for (auto& s : sends())
      if (s.at("endpoint").as_string() == endpoint) out.push_back(s);
    return out;
  }
  // Waits (bounded) until `n` sends reached `endpoint`; returns them.
  std::vector<json::object> wait_sends(const std::string& endpoint, std::size_t n,
                                       std::chrono::milliseconds timeout = 3s) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until && sends_to(endpoint).size() < n)
      std::this_thread::sleep_for(20ms);
    return sends_to(endpoint);
  }
  json::object subscribe(Client& c, const std::string& endpoint) {
    return c.request({{"op", "push.subscribe"}, {"provider", "pushes"}, {"endpoint", endpoint}});
  }
  std::size_t stored(const Client& c) {
    return server->core()->engine()->stores.push->push_subscriptions(c.user, c.device).size();
  }
};

std::string error_message(const json::object& reply) {
  return std::string(reply.at("error").at("message").as_string());
}

TEST_F(PushTest, ProvidersSubscribeListRemoveAndClearErrors) {
  auto& bob = login(2);
  auto providers = bob.request({{"op", "push.providers"}});
  ASSERT_EQ(providers.at("ok"), true) << json::serialize(providers);
  auto& list = providers.at("providers").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id"), "pushes");
  EXPECT_EQ(list[0].at("kind"), "probe");
  EXPECT_EQ(list[0].at("probe_key"), "k123");

  auto r = bob.request({{"op", "push.subscribe"}, {"provider", "nope"}, {"endpoint", "probe:x"}});
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  EXPECT_THAT(error_message(r), ::testing::HasSubstr("\"provider\": no push provider \"nope\""));
  EXPECT_THAT(error_message(r), ::testing::HasSubstr("loaded: pushes"));
  r = bob.request({{"op", "push.subscribe"}, {"provider", "pushes"}});
  EXPECT_THAT(error_message(r), ::testing::HasSubstr("\"endpoint\""));
  r = subscribe(bob, "https://elsewhere");
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  EXPECT_THAT(error_message(r), ::testing::HasSubstr("endpoint: must start with"));
  r = subscribe(bob, "probe:" + std::string(5000, 'x'));
  EXPECT_THAT(error_message(r), ::testing::HasSubstr("\"endpoint\""));
  r = bob.request({{"op", "push.subscribe"},
                   {"provider", "pushes"},
                   {"endpoint", "probe:a"},
                   {"keys", "not an object"}});
  EXPECT_THAT(error_message(r), ::testing::HasSubstr("\"keys\""));
  EXPECT_EQ(stored(bob), 0u) << "nothing refused is stored";

  auto first = subscribe(bob, "probe:sent");
  ASSERT_EQ(first.at("ok"), true) << json::serialize(first);
  auto id = first.at("subscription").at("id");
  auto again = subscribe(bob, "probe:sent");
  EXPECT_EQ(again.at("subscription").at("id"), id) << "same provider and endpoint: same one";
  auto listed = bob.request({{"op", "push.list"}});
  ASSERT_EQ(listed.at("subscriptions").as_array().size(), 1u);
  EXPECT_EQ(listed.at("subscriptions").at(0).at("endpoint"), "probe:sent");

  for (int i = 1; i < 10; ++i)
    ASSERT_EQ(subscribe(bob, "probe:s" + std::to_string(i)).at("ok"), true);
  auto full = subscribe(bob, "probe:one-too-many");
  EXPECT_EQ(full.at("error").at("code"), "too_large");
  EXPECT_EQ(full.at("error").at("limit"), 10);

  EXPECT_EQ(bob.request({{"op", "push.remove"}, {"subscription", id}}).at("ok"), true);
  auto gone = bob.request({{"op", "push.remove"}, {"subscription", id}});
  EXPECT_EQ(gone.at("error").at("code"), "not_found");
  EXPECT_EQ(stored(bob), 9u);
}

TEST_F(PushTest, ABurstToAnOfflineDevicePushesOnceThenOncePerIntervalWithoutContent) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(subscribe(bob, "probe:sent").at("ok"), true);
  bob.disconnect();
  for (int i = 0; i < 20; ++i) alice.send_to_user(bob, "secret words " + std::to_string(i));
  auto first = wait_sends("probe:sent", 1, 8s);
  ASSERT_GE(first.size(), 1u);
  EXPECT_EQ(first[0].at("kind"), "message");
  EXPECT_EQ(first[0].at("count"), 1);
  EXPECT_EQ(first[0].at("urgent"), true);
  EXPECT_EQ(first[0].at("collapse_key"), "inbox");
  EXPECT_EQ(first[0].at("sender_name"), "") << "only when the provider asks for it";
  // The rest of the burst folds into one more push after the interval, with the count.
  auto both = wait_sends("probe:sent", 2, 8s);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].at("count"), 20);
  std::this_thread::sleep_for(800ms);  // more than an interval: nothing new waits, no push
  EXPECT_EQ(sends_to("probe:sent").size(), 2u);
  for (auto& s : sends()) EXPECT_EQ(json::serialize(s).find("secret"), std::string::npos);

  bob.connect();
  for (int i = 0; i < 20; ++i) {
    auto m = bob.next("message");
    ASSERT_TRUE(m.contains("body")) << "message " << i;
    bob.ack(m.at("cursor").as_int64());
  }
  // Back online answers the pushes: the next time it is offline, the first push is at once.
  bob.disconnect();
  alice.send_to_user(bob, "later");
  auto third = wait_sends("probe:sent", 3, 8s);
  ASSERT_EQ(third.size(), 3u);
  EXPECT_EQ(third[2].at("count"), 1);
}

TEST_F(PushTest, GroupEventsPushReceiptsAndOnlineDevicesDoNot) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(subscribe(alice, "probe:alice").at("ok"), true);
  ASSERT_EQ(subscribe(bob, "probe:bob").at("ok"), true);
  alice.send_to_user(bob, "hi");  // both online: no push
  auto m = bob.next("message");
  alice.disconnect();
  bob.ack(m.at("cursor").as_int64());  // a delivered receipt for offline alice: no push
  bob.disconnect();
  alice.connect();
  auto g = alice.request({{"op", "group.create"},
                          {"name", "friends"},
                          {"members", json::array{json::string(bob.user)}}});
  ASSERT_EQ(g.at("ok"), true) << json::serialize(g);
  auto pushed = wait_sends("probe:bob", 1, 8s);
  ASSERT_EQ(pushed.size(), 1u);
  EXPECT_EQ(pushed[0].at("kind"), "group");
  EXPECT_EQ(pushed[0].at("urgent"), false);
  for (auto& s : sends_to("probe:alice")) ADD_FAILURE() << json::serialize(s);
}

// A provider that shows who it is from: the name is the profile's display name.
class PushWithNames : public PushTest {
 protected:
  std::string extra_config() const override {
    return PushTest::extra_config() + "sender_name = true\n";
  }
};

TEST_F(PushWithNames, AStatusPostPushesItsOfflineViewersWithThePostersName) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  ASSERT_EQ(alice.request({{"op", "contacts.add"}, {"users", {bob.user}}}).at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "profile.set"}, {"display_name", "Alice"}}).at("ok"), true);
  ASSERT_EQ(subscribe(bob, "probe:bob").at("ok"), true);
  ASSERT_EQ(subscribe(carol, "probe:carol").at("ok"), true);
  bob.disconnect();
  carol.disconnect();
  // One post, one chance: the server must have seen them go before it is posted.
  auto& sessions = server->core()->engine()->sessions;
  ASSERT_TRUE(
      eventually([&] { return !sessions.online(bob.user) && !sessions.online(carol.user); }));
  ASSERT_EQ(alice.request({{"op", "status.post"}, {"text", "secret plans"}}).at("ok"), true);
  auto pushed = wait_sends("probe:bob", 1, 2s);
  ASSERT_EQ(pushed.size(), 1u);
  EXPECT_EQ(pushed[0].at("kind"), "status");
  EXPECT_EQ(pushed[0].at("sender_name"), "Alice");
  EXPECT_EQ(json::serialize(pushed[0]).find("secret"), std::string::npos);
  EXPECT_TRUE(sends_to("probe:carol").empty()) << "carol is not alice's contact";
}

TEST_F(PushTest, GoneDeletesTheSubscriptionAndRefusalsAreNotRetried) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  ASSERT_EQ(subscribe(bob, "probe:gone").at("ok"), true);
  ASSERT_EQ(subscribe(carol, "probe:drop").at("ok"), true);
  bob.disconnect();
  carol.disconnect();
  alice.send_to_user(bob, "hi");
  alice.send_to_user(carol, "hi");
  ASSERT_EQ(wait_sends("probe:gone", 1).size(), 1u);
  ASSERT_TRUE(eventually([&] { return stored(bob) == 0; }));
  ASSERT_EQ(wait_sends("probe:drop", 1).size(), 1u);
  std::this_thread::sleep_for(1500ms);  // longer than the first backoff
  EXPECT_EQ(sends_to("probe:drop").size(), 1u);
  EXPECT_EQ(stored(carol), 1u);
}

TEST_F(PushTest, FailuresAreRetriedWithBackoffHonouringRetryAfterWithinTheTryLimit) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  ASSERT_EQ(subscribe(bob, "probe:flaky-2").at("ok"), true);
  ASSERT_EQ(subscribe(carol, "probe:retry-after-1200").at("ok"), true);
  bob.disconnect();
  carol.disconnect();
  // A session closes on its strand: sent before that, the message is delivered live and
  // nothing is pushed.
  auto& sessions = server->core()->engine()->sessions;
  ASSERT_TRUE(
      eventually([&] { return !sessions.online(bob.user) && !sessions.online(carol.user); }));
  auto t0 = std::chrono::steady_clock::now();
  alice.send_to_user(bob, "hi");
  alice.send_to_user(carol, "hi");
  // Two failures, then taken: three sends in all.
  EXPECT_EQ(wait_sends("probe:flaky-2", 3, 6s).size(), 3u);
  // 429 with Retry-After 1.2 s: the second try waits at least that; push_max_tries = 3.
  auto tries = wait_sends("probe:retry-after-1200", 3, 6s);
  EXPECT_EQ(tries.size(), 3u);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 2400ms);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(sends_to("probe:retry-after-1200").size(), 3u) << "no fourth try";
  EXPECT_EQ(stored(carol), 1u) << "giving up keeps the subscription";
}

TEST_F(PushTest, RevokingADeviceOrBanningTheUserDeletesSubscriptions) {
  auto& bob_phone = login(2, "phone");
  auto& bob_laptop = login(2, "laptop");
  auto& carol = login(3);
  ASSERT_EQ(subscribe(bob_laptop, "probe:laptop").at("ok"), true);
  ASSERT_EQ(subscribe(bob_phone, "probe:phone").at("ok"), true);
  ASSERT_EQ(subscribe(carol, "probe:carol").at("ok"), true);
  auto r = bob_phone.request({{"op", "devices.revoke"}, {"device", bob_laptop.device}});
  ASSERT_EQ(r.at("ok"), true) << json::serialize(r);
  EXPECT_EQ(stored(bob_laptop), 0u);
  EXPECT_EQ(stored(bob_phone), 1u);
  ASSERT_TRUE(server->core()->engine()->set_banned(carol.user, true));
  EXPECT_EQ(stored(carol), 0u);
}

}  // namespace
}  // namespace sb::core::test
