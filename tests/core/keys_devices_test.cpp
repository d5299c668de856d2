// SPDX-License-Identifier: Apache-2.0
// Prekeys (upload, bundles consuming one-time keys, last resort, keys.low), devices (list,
// revoke) and bans: a revoked device and a banned user can do nothing.
#include "chat_harness.hpp"

#include "kernel/core/core.hpp"
#include "kernel/core/engine.hpp"

namespace sb::core::test {
namespace {

class KeysDevices : public ChatTest {
 protected:
  std::string extra_config() const override { return "prekeys_low_threshold = 2\n"; }
};

json::object upload(int one_time) {
  json::array otp;
  for (int i = 1; i <= one_time; ++i)
    otp.push_back({{"id", i}, {"key", "otk" + std::to_string(i)}});
  return {{"op", "keys.upload"},
          {"identity_key", "IK"},
          {"signed_prekey", {{"id", 1}, {"key", "SPK"}, {"sig", "SIG"}}},
          {"one_time_prekeys", otp},
          {"last_resort_prekey", {{"id", 999}, {"key", "LR"}}}};
}

TEST_F(KeysDevices, BundlesConsumeOneTimePrekeysThenFallBackToLastResort) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto up = alice.request(upload(3));
  ASSERT_EQ(up.at("ok"), true) << json::serialize(up);
  EXPECT_EQ(up.at("one_time_prekeys"), 3);
  std::set<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    auto b = bob.request({{"op", "keys.bundle"}, {"user", alice.user}});
    ASSERT_EQ(b.at("ok"), true) << json::serialize(b);
    auto& d = b.at("devices").as_array().at(0);
    EXPECT_EQ(d.at("identity_key"), "IK");
    EXPECT_EQ(d.at("last_resort"), false);
    ids.insert(d.at("one_time_prekey").at("id").as_int64());
  }
  EXPECT_EQ(ids.size(), 3u);
  auto low = alice.next("keys.low");
  EXPECT_LT(low.at("remaining").as_int64(), 2);
  auto last = bob.request({{"op", "keys.bundle"}, {"user", alice.user}});
  auto& d = last.at("devices").as_array().at(0);
  EXPECT_EQ(d.at("last_resort"), true);
  EXPECT_EQ(d.at("one_time_prekey").at("key"), "LR");
}

TEST_F(KeysDevices, RevokingADeviceClosesItsSessionAndItsTokenStopsWorking) {
  auto& phone = login(1);
  auto& laptop = login(1, "laptop");
  ASSERT_EQ(laptop.request({{"op", "devices.list"}}).at("ok"), true);  // the laptop is connected
  auto list = phone.request({{"op", "devices.list"}});
  ASSERT_EQ(list.at("devices").as_array().size(), 2u);
  ASSERT_EQ(phone.request({{"op", "devices.revoke"}, {"device", laptop.device}}).at("ok"), true);
  EXPECT_EQ(laptop.next("session.revoked").at("reason"), "revoked");
  EXPECT_TRUE(laptop.link().wait_closed());
  laptop.connect();
  EXPECT_EQ(laptop.next_error().at("error").at("code"), "unauthorized");
  EXPECT_TRUE(laptop.link().wait_closed());
  EXPECT_EQ(
      phone.request({{"op", "devices.revoke"}, {"device", laptop.device}}).at("error").at("code"),
      "not_found");
}

TEST_F(KeysDevices, ABannedUserIsDisconnectedAndCannotComeBack) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(bob.request({{"op", "devices.list"}}).at("ok"), true);  // bob is connected
  ASSERT_TRUE(server->core()->engine()->set_banned(bob.user, true));
  EXPECT_EQ(bob.next("session.revoked").at("reason"), "banned");
  bob.connect();
  EXPECT_EQ(bob.next_error().at("error").at("code"), "unauthorized");
  EXPECT_TRUE(bob.link().wait_closed());
  EXPECT_EQ(alice.send_to_user(bob, "hi").at("ok"), true);
}

}  // namespace
}  // namespace sb::core::test
