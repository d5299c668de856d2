// SPDX-License-Identifier: Apache-2.0
// Deleting a user (the admin's delete, through the UserAdmin service): their connections
// close, their keys and devices are gone, and their media holds are released to the
// MediaRefs provider (the media-refs-probe test plugin); the others' data stays.
#include <algorithm>

#include <switchboard/services/user_admin.hpp>

#include "chat_harness.hpp"
#include "kernel/host/service_registry.hpp"
#include "probe_service.hpp"

namespace sb::core::test {
namespace {

class UserDelete : public ChatTest {
 protected:
  std::string extra_config() const override {
    return "[plugin.media]\nuse = \"media-refs-probe\"\n";
  }
  UserAdmin& admin() {
    return *std::static_pointer_cast<UserAdmin>(
        server->services().get(UserAdmin::service_name, {}));
  }
  std::vector<std::string> media_calls() {
    return std::static_pointer_cast<sb::test::Probe>(
               server->services().get(sb::test::Probe::service_name, "media"))
        ->lines();
  }
};

json::object keys_of(const std::string& who) {
  return {{"op", "keys.upload"},
          {"identity_key", "IK-" + who},
          {"signed_prekey", {{"id", 1}, {"key", "SPK"}, {"sig", "SIG"}}},
          {"one_time_prekeys", json::array{json::object{{"id", 1}, {"key", "OTP"}}}},
          {"last_resort_prekey", {{"id", 999}, {"key", "LR"}}}};
}

TEST_F(UserDelete, RemovesKeysDevicesAndReleasesMediaHolds) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(alice.request(keys_of("alice")).at("ok"), true);
  ASSERT_EQ(bob.request(keys_of("bob")).at("ok"), true);
  ASSERT_EQ(bob.request({{"op", "keys.bundle"}, {"user", alice.user}}).at("ok"), true);

  ASSERT_TRUE(admin().delete_user(alice.user));
  EXPECT_TRUE(alice.link().wait_closed());
  auto calls = media_calls();
  EXPECT_NE(std::find(calls.begin(), calls.end(), "release profile:" + alice.user), calls.end())
      << "media calls: " << calls.size();
  EXPECT_EQ(std::count_if(calls.begin(), calls.end(),
                          [&](auto& l) { return l.find(bob.user) != std::string::npos; }),
            0);
  EXPECT_TRUE(admin().devices(alice.user).empty());
  EXPECT_FALSE(admin().user(alice.user));
  EXPECT_EQ(bob.request({{"op", "keys.bundle"}, {"user", alice.user}}).at("error").at("code"),
            "not_found");
  // Bob's keys are his still.
  auto& carol = login(3);
  EXPECT_EQ(carol.request({{"op", "keys.bundle"}, {"user", bob.user}}).at("ok"), true);
  // A second delete finds nobody and releases nothing more.
  auto before = media_calls().size();
  EXPECT_FALSE(admin().delete_user(alice.user));
  EXPECT_EQ(media_calls().size(), before);
}

}  // namespace
}  // namespace sb::core::test
