// SPDX-License-Identifier: Apache-2.0
// [limits]: each op class has a budget per device and per client address, answered
// rate_limited with retry_after and the setting's name; users.lookup has its own small budget
// and per-call cap; a stranger cannot drain someone's one-time prekeys, and the owner hears
// keys.low once per shortage rather than once per fetch. The social writes (contacts, blocks,
// presence and push subscriptions, status posts, profile changes) have budgets too.
#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

void expect_limited(const json::object& r, std::string_view setting) {
  ASSERT_EQ(r.at("ok"), false) << json::serialize(r);
  EXPECT_EQ(r.at("error").at("code"), "rate_limited");
  EXPECT_GE(r.at("error").at("retry_after").as_int64(), 1);
  EXPECT_EQ(r.at("error").at("limit"), std::string(setting).c_str());
  EXPECT_NE(std::string(r.at("error").at("message").as_string()).find(setting), std::string::npos);
}

class RateLimits : public ChatTest {
 protected:
  std::string extra_config() const override {
    return "prekeys_low_threshold = 10\n"
           "[limits]\n"
           "sends_per_device_per_minute = 3\n"
           "group_changes_per_device_per_minute = 2\n"
           "lookups_per_device_per_hour = 2\n"
           "lookup_max_phones = 5\n"
           "prekey_fetches_per_pair_per_hour = 2\n";
  }
};

TEST_F(RateLimits, ADeviceSendsOnlyItsBudgetThenIsToldWhenToRetry) {
  auto& alice = login(1);
  auto& bob = login(2);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(alice.send_to_user(bob, "m").at("ok"), true);
  expect_limited(alice.send_to_user(bob, "one too many"), "limits.sends_per_device_per_minute");
  for (int i = 0; i < 3; ++i) bob.next("message");
  EXPECT_TRUE(bob.quiet("message"));
  // Another device of the same user has its own budget.
  auto& alice2 = login(1, "laptop");
  EXPECT_EQ(alice2.send_to_user(bob, "from the laptop").at("ok"), true);
}

TEST_F(RateLimits, GroupChangesHaveTheirOwnBudget) {
  auto& alice = login(1);
  ASSERT_EQ(
      alice.request({{"op", "group.create"}, {"name", "a"}, {"members", json::array{}}}).at("ok"),
      true);
  ASSERT_EQ(
      alice.request({{"op", "group.create"}, {"name", "b"}, {"members", json::array{}}}).at("ok"),
      true);
  expect_limited(alice.request({{"op", "group.create"}, {"name", "c"}, {"members", json::array{}}}),
                 "limits.group_changes_per_device_per_minute");
}

TEST_F(RateLimits, ContactLookupHasASmallBudgetAndCapPerCall) {
  auto& alice = login(1);
  login(2);
  json::array six;
  for (int n = 1; n <= 6; ++n) six.emplace_back(phone(n));
  auto big = alice.request({{"op", "users.lookup"}, {"phones", six}});
  EXPECT_EQ(big.at("error").at("code"), "too_large");
  EXPECT_NE(std::string(big.at("error").at("message").as_string()).find("limits.lookup_max_phones"),
            std::string::npos);
  auto one = alice.request({{"op", "users.lookup"}, {"phones", {phone(2)}}});
  ASSERT_EQ(one.at("users").as_array().size(), 1u);
  // The refused call above was counted: it had passed the rate limit before the cap.
  expect_limited(alice.request({{"op", "users.lookup"}, {"phones", {phone(2)}}}),
                 "limits.lookups_per_device_per_hour");
}

json::object upload(int one_time) {
  json::array otp;
  for (int i = 1; i <= one_time; ++i) otp.push_back(json::object{{"id", i}, {"key", "K"}});
  return {{"op", "keys.upload"},
          {"identity_key", "IK"},
          {"signed_prekey", {{"id", 1}, {"key", "SPK"}, {"sig", "SIG"}}},
          {"one_time_prekeys", otp},
          {"last_resort_prekey", {{"id", 999}, {"key", "LR"}}}};
}

TEST_F(RateLimits, AStrangerCannotDrainSomeonesOneTimePrekeys) {
  auto& bob = login(2);
  auto& eve = login(5);
  auto& alice = login(1);
  ASSERT_EQ(bob.request(upload(5)).at("ok"), true);
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(eve.request({{"op", "keys.bundle"}, {"user", bob.user}}).at("ok"), true);
  expect_limited(eve.request({{"op", "keys.bundle"}, {"user", bob.user}}),
                 "limits.prekey_fetches_per_pair_per_hour");
  // Others still get bob's keys: 3 of 5 are left.
  auto b = alice.request({{"op", "keys.bundle"}, {"user", bob.user}});
  ASSERT_EQ(b.at("ok"), true);
  EXPECT_EQ(b.at("devices").as_array().at(0).at("last_resort"), false);
  // Three fetches below the threshold: one keys.low, not three.
  EXPECT_EQ(bob.next("keys.low").at("remaining"), 4);
  EXPECT_TRUE(bob.quiet("keys.low"));
  // A new upload makes the next shortage news again.
  ASSERT_EQ(bob.request(upload(2)).at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "keys.bundle"}, {"user", bob.user}}).at("ok"), true);
  EXPECT_TRUE(bob.next("keys.low").contains("remaining"));
}

// Each class of social writes: 2 calls per device, 3 per address (every client here comes
// from 127.0.0.1), refused past either with the class's own setting named.
class SocialRateLimits : public ChatTest {
 protected:
  std::string extra_config() const override {
    std::string text = "[limits]\n";
    for (auto* cls : {"contact_changes", "blocks", "presence_subscriptions"})
      text +=
          std::string(cls) + "_per_device_per_minute = 2\n" + cls + "_per_address_per_minute = 3\n";
    for (auto* cls : {"push_subscriptions", "status_posts", "profile_changes"})
      text += std::string(cls) + "_per_device_per_hour = 2\n" + cls + "_per_address_per_hour = 3\n";
    return text;
  }

  // Two calls by `a` pass (whatever they answer), the third is refused naming the device's
  // budget; `b`, from the same address, gets the address's last call, then is refused too.
  void expect_budgets(Client& a, Client& b, const std::vector<json::object>& calls,
                      const std::string& cls, const std::string& unit) {
    SCOPED_TRACE(cls);
    for (int i = 0; i < 2; ++i) {
      auto r = a.request(calls[i % calls.size()]);
      if (r.at("ok") == false) {
        EXPECT_NE(r.at("error").at("code"), "rate_limited") << json::serialize(r);
      }
    }
    expect_limited(a.request(calls[0]), "limits." + cls + "_per_device_per_" + unit);
    auto r = b.request(calls[1 % calls.size()]);
    if (r.at("ok") == false) {
      EXPECT_NE(r.at("error").at("code"), "rate_limited") << json::serialize(r);
    }
    expect_limited(b.request(calls[0]), "limits." + cls + "_per_address_per_" + unit);
  }
};

TEST_F(SocialRateLimits, ContactChangesAndBlocksHaveBudgets) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  expect_budgets(alice, bob,
                 {{{"op", "contacts.add"}, {"users", {carol.user}}},
                  {{"op", "contacts.remove"}, {"users", {carol.user}}}},
                 "contact_changes", "minute");
  expect_budgets(
      alice, bob,
      {{{"op", "block"}, {"user", carol.user}}, {{"op", "unblock"}, {"user", carol.user}}},
      "blocks", "minute");
}

TEST_F(SocialRateLimits, PresenceAndPushSubscriptionsHaveBudgets) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  expect_budgets(alice, bob, {{{"op", "presence.subscribe"}, {"users", {carol.user}}}},
                 "presence_subscriptions", "minute");
  // No push provider is loaded: subscribe answers bad_request and remove not_found, and both
  // count, as any call that passed the limit does.
  expect_budgets(
      alice, bob,
      {{{"op", "push.subscribe"}, {"provider", "none"}, {"endpoint", "https://push.example/x"}},
       {{"op", "push.remove"}, {"subscription", "ps_none"}}},
      "push_subscriptions", "hour");
}

TEST_F(SocialRateLimits, StatusPostsAndProfileChangesHaveBudgetsAndARefusalChangesNothing) {
  auto& alice = login(1);
  auto& bob = login(2);
  expect_budgets(alice, bob, {{{"op", "status.post"}, {"text", "hello"}}}, "status_posts", "hour");
  EXPECT_EQ(alice.request({{"op", "status.mine"}}).at("statuses").as_array().size(), 2u);
  EXPECT_EQ(bob.request({{"op", "status.mine"}}).at("statuses").as_array().size(), 1u);

  expect_budgets(alice, bob, {{{"op", "profile.set"}, {"about", "kept"}}}, "profile_changes",
                 "hour");
  expect_limited(alice.request({{"op", "profile.set"}, {"about", "refused"}}),
                 "limits.profile_changes_per_device_per_hour");
  auto mine = alice.request({{"op", "profile.get"}, {"user", alice.user}});
  EXPECT_EQ(mine.at("about"), "kept") << json::serialize(mine);
}

}  // namespace
}  // namespace sb::core::test
