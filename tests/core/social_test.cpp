// SPDX-License-Identifier: Apache-2.0
// Presence (coalesced), typing, privacy settings, contacts and blocks.
#include <thread>

#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

using Social = ChatTest;

// The next presence event with `state`; a subscriber first hears what was last published,
// which can trail a change still inside its coalescing window.
json::object presence_state(Client& c, const std::string& state) {
  for (int i = 0; i < 3; ++i) {
    auto ev = c.next("presence");
    if (ev.empty() || ev.at("state") == state.c_str()) return ev;
  }
  return {};
}

TEST_F(Social, BobSeesAliceComeOnlineAndGoOfflineWithLastSeen) {
  auto& bob = login(2);
  auto& alice = login(1, "phone", false);
  ASSERT_EQ(bob.request({{"op", "presence.subscribe"}, {"users", {alice.user}}}).at("ok"), true);
  EXPECT_EQ(bob.next("presence").at("state"), "offline");
  alice.connect();
  auto on = bob.next("presence");
  EXPECT_EQ(on.at("state"), "online");
  alice.disconnect();
  auto off = bob.next("presence");
  EXPECT_EQ(off.at("state"), "offline");
  EXPECT_GT(off.at("last_seen").as_int64(), 0);
}

TEST_F(Social, AFlappingConnectionSendsNothing) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(bob.request({{"op", "presence.subscribe"}, {"users", {alice.user}}}).at("ok"), true);
  EXPECT_FALSE(presence_state(bob, "online").empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the first change settles
  for (int i = 0; i < 5; ++i) alice.connect();  // closes and reopens within the window
  EXPECT_TRUE(bob.quiet("presence", std::chrono::milliseconds(500)));
}

TEST_F(Social, PrivacyNobodyHidesPresenceAndContactsShowsItToContactsOnly) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  ASSERT_EQ(
      alice.request({{"op", "privacy.set"}, {"online", "contacts"}, {"last_seen", "contacts"}})
          .at("ok"),
      true);
  ASSERT_EQ(alice.request({{"op", "contacts.add"}, {"users", {bob.user}}}).at("ok"), true);
  bob.request({{"op", "presence.subscribe"}, {"users", {alice.user}}});
  carol.request({{"op", "presence.subscribe"}, {"users", {alice.user}}});
  EXPECT_FALSE(presence_state(bob, "online").empty());
  EXPECT_TRUE(carol.quiet("presence"));
  ASSERT_EQ(alice.request({{"op", "privacy.set"}, {"online", "nobody"}, {"last_seen", "nobody"}})
                .at("ok"),
            true);
  alice.disconnect();
  EXPECT_TRUE(bob.quiet("presence", std::chrono::milliseconds(500)));
}

TEST_F(Social, UsersLookupFindsWhichPhoneNumbersAreUsers) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto r = alice.request({{"op", "users.lookup"}, {"phones", {phone(2), "+15559999999"}}});
  ASSERT_EQ(r.at("ok"), true) << json::serialize(r);
  auto& users = r.at("users").as_array();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(users[0].at("phone"), phone(2).c_str());
  EXPECT_EQ(users[0].at("user"), bob.user.c_str());
  EXPECT_EQ(alice.request({{"op", "users.lookup"}}).at("error").at("code"), "bad_request");
}

TEST_F(Social, TypingReachesTheOtherSideLiveOnly) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto chat = alice.send_to_user(bob, "hi").at("chat");
  alice.post({{"op", "typing"}, {"chat", chat}, {"state", "on"}});
  auto t = bob.next("typing");
  EXPECT_EQ(t.at("user"), alice.user.c_str());
  EXPECT_EQ(t.at("state"), "on");
  EXPECT_FALSE(t.contains("cursor"));
}

TEST_F(Social, ABlockedSenderGetsANormalReplyAndNothingIsDelivered) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(bob.request({{"op", "block"}, {"user", alice.user}}).at("ok"), true);
  auto r = alice.send_to_user(bob, "are you there?");
  EXPECT_EQ(r.at("ok"), true);
  EXPECT_TRUE(bob.quiet("message"));
  ASSERT_EQ(bob.request({{"op", "unblock"}, {"user", alice.user}}).at("ok"), true);
  alice.send_to_user(bob, "now?");
  EXPECT_EQ(bob.next("message").at("body").at("text"), "now?");
}

// The core caches "is alice blocked" for sends ([messaging] read_cache_ms); a block must
// still apply to the very next message.
TEST_F(Social, ABlockRightAfterAMessageStopsTheNextOne) {
  auto& alice = login(1);
  auto& bob = login(2);
  alice.send_to_user(bob, "first");
  EXPECT_EQ(bob.next("message").at("body").at("text"), "first");
  ASSERT_EQ(bob.request({{"op", "block"}, {"user", alice.user}}).at("ok"), true);
  alice.send_to_user(bob, "second");
  EXPECT_TRUE(bob.quiet("message"));
}

TEST_F(Social, ReadReceiptsFollowTheReadersPrivacy) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(bob.request({{"op", "privacy.set"}, {"read_receipts", "nobody"}}).at("ok"), true);
  alice.send_to_user(bob, "seen?");
  auto m = bob.next("message");
  bob.ack(m.at("cursor").as_int64());
  EXPECT_EQ(alice.next("receipt").at("type"), "delivered");
  bob.request({{"op", "read"}, {"chat", m.at("chat")}, {"upto_seq", m.at("seq")}});
  EXPECT_TRUE(alice.quiet("receipt"));
}

}  // namespace
}  // namespace sb::core::test
