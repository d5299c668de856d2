// SPDX-License-Identifier: Apache-2.0
// PushStore conformance: subscriptions per device, replacement by (provider, endpoint)
// keeping the id, removal one by one, per device, per user, and with the device itself.
#include <gmock/gmock.h>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

PushSubscription sub(std::string id, std::string user, std::string device, std::string provider,
                     std::string endpoint, std::int64_t created) {
  return {std::move(id),       std::move(user), std::move(device), std::move(provider),
          std::move(endpoint), "p256dh-key",    "auth-secret",     created};
}

std::vector<std::string> ids(const std::vector<PushSubscription>& subs) {
  std::vector<std::string> out;
  for (auto& s : subs) out.push_back(s.id);
  return out;
}

TEST_P(PushStoreConformance, SubscriptionsPerDeviceOldestFirst) {
  ASSERT_TRUE(s.push) << "both stores provide push-store";
  auto& p = *s.push;
  EXPECT_TRUE(p.push_subscriptions("alice", "d1").empty());
  p.put_push_subscription(sub("ps_2", "alice", "d1", "push-fcm", "token-1", 200));
  p.put_push_subscription(
      sub("ps_1", "alice", "d1", "push-webpush", "https://push.example/a", 100));
  p.put_push_subscription(sub("ps_3", "alice", "d2", "push-webpush", "https://push.example/b", 50));
  p.put_push_subscription(sub("ps_4", "bob", "d1", "push-webpush", "https://push.example/c", 10));
  EXPECT_THAT(ids(p.push_subscriptions("alice", "d1")), ::testing::ElementsAre("ps_1", "ps_2"));
  EXPECT_THAT(ids(p.push_subscriptions("alice", "")),
              ::testing::ElementsAre("ps_3", "ps_1", "ps_2"));
  auto got = p.push_subscriptions("alice", "d2");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user, "alice");
  EXPECT_EQ(got[0].device, "d2");
  EXPECT_EQ(got[0].provider, "push-webpush");
  EXPECT_EQ(got[0].endpoint, "https://push.example/b");
  EXPECT_EQ(got[0].p256dh, "p256dh-key");
  EXPECT_EQ(got[0].auth, "auth-secret");
  EXPECT_EQ(got[0].created_ms, 50);
  restart();
  EXPECT_EQ(s.push->push_subscriptions("alice", "").size(), 3u);
}

TEST_P(PushStoreConformance, SameProviderAndEndpointReplacesKeysKeepsId) {
  auto& p = *s.push;
  p.put_push_subscription(sub("ps_1", "alice", "d1", "push-webpush", "https://push.example/a", 1));
  auto again = sub("ps_new", "alice", "d1", "push-webpush", "https://push.example/a", 2);
  again.p256dh = "fresh-key";
  again.auth = "fresh-auth";
  p.put_push_subscription(again);
  auto got = p.push_subscriptions("alice", "d1");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "ps_1");
  EXPECT_EQ(got[0].p256dh, "fresh-key");
  EXPECT_EQ(got[0].auth, "fresh-auth");
  // Another provider with the same endpoint text is another subscription.
  p.put_push_subscription(sub("ps_2", "alice", "d1", "push-webhook", "https://push.example/a", 3));
  EXPECT_EQ(p.push_subscriptions("alice", "d1").size(), 2u);
}

TEST_P(PushStoreConformance, RemoveOneAllOfADeviceAllOfAUser) {
  auto& p = *s.push;
  p.put_push_subscription(sub("ps_1", "alice", "d1", "push-webpush", "e1", 1));
  p.put_push_subscription(sub("ps_2", "alice", "d1", "push-webpush", "e2", 2));
  p.put_push_subscription(sub("ps_3", "alice", "d2", "push-webpush", "e3", 3));
  p.put_push_subscription(sub("ps_4", "bob", "d1", "push-webpush", "e4", 4));
  EXPECT_FALSE(p.remove_push_subscription("alice", "d2", "ps_1")) << "another device's id";
  EXPECT_TRUE(p.remove_push_subscription("alice", "d1", "ps_1"));
  EXPECT_FALSE(p.remove_push_subscription("alice", "d1", "ps_1"));
  EXPECT_THAT(ids(p.push_subscriptions("alice", "")), ::testing::ElementsAre("ps_2", "ps_3"));
  p.remove_push_subscriptions("alice", "d1");
  EXPECT_THAT(ids(p.push_subscriptions("alice", "")), ::testing::ElementsAre("ps_3"));
  p.remove_push_subscriptions("alice", "");
  EXPECT_TRUE(p.push_subscriptions("alice", "").empty());
  EXPECT_THAT(ids(p.push_subscriptions("bob", "")), ::testing::ElementsAre("ps_4"));
}

TEST_P(PushStoreConformance, RemovingTheDeviceRemovesItsSubscriptions) {
  s.accounts->create_user({"alice", "+15550000001", "Alice", 1, false});
  s.accounts->add_device({"alice", "d1", "phone", 1, 1});
  s.accounts->add_device({"alice", "d2", "laptop", 1, 1});
  s.push->put_push_subscription(sub("ps_1", "alice", "d1", "push-webpush", "e1", 1));
  s.push->put_push_subscription(sub("ps_2", "alice", "d2", "push-webpush", "e2", 2));
  EXPECT_TRUE(s.accounts->remove_device("alice", "d1"));
  EXPECT_THAT(ids(s.push->push_subscriptions("alice", "")), ::testing::ElementsAre("ps_2"));
}

}  // namespace
}  // namespace sb::conformance
