// SPDX-License-Identifier: Apache-2.0
// [limits]: each op class has a budget per device and per client address, answered
// rate_limited with retry_after and the setting's name; users.lookup has its own small budget
// and per-call cap; a stranger cannot drain someone's one-time prekeys, and the owner hears
// keys.low once per shortage rather than once per fetch.
#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

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
  static void expect_limited(const json::object& r, std::string_view setting) {
    ASSERT_EQ(r.at("ok"), false) << json::serialize(r);
    EXPECT_EQ(r.at("error").at("code"), "rate_limited");
    EXPECT_GE(r.at("error").at("retry_after").as_int64(), 1);
    EXPECT_EQ(r.at("error").at("limit"), std::string(setting).c_str());
    EXPECT_NE(std::string(r.at("error").at("message").as_string()).find(setting),
              std::string::npos);
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

}  // namespace
}  // namespace sb::core::test
