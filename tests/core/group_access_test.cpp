// SPDX-License-Identifier: Apache-2.0
// Who may read and enter a group: a member added later reads the chat only from their join
// on, a removed member nothing after removal; admins revoke invite links; unknown policies
// are refused; and nobody is put into a group against their "groups" privacy or a block.
#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

class GroupAccess : public ChatTest {
 protected:
  std::string create(Client& owner, std::vector<const Client*> members,
                     const std::string& policy = "open") {
    json::array m;
    for (auto* c : members) m.emplace_back(c->user);
    auto r =
        owner.request({{"op", "group.create"}, {"name", "g"}, {"members", m}, {"policy", policy}});
    EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
    return r.contains("group") ? std::string(r.at("group").as_string()) : std::string();
  }
  static std::vector<std::string> texts(const json::object& history) {
    std::vector<std::string> out;
    for (auto& m : history.at("messages").as_array())
      if (m.at("kind") == "message") out.emplace_back(m.at("body").at("text").as_string());
    return out;
  }
};

TEST_F(GroupAccess, AMemberAddedLaterDoesNotReadWhatWasSaidBefore) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto g = create(alice, {&bob});
  ASSERT_EQ(bob.send_to_group(g, "before carol").at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "group.add"}, {"group", g}, {"users", {carol.user}}}).at("ok"),
            true);
  ASSERT_EQ(bob.send_to_group(g, "after carol").at("ok"), true);
  EXPECT_EQ(carol.next("message").at("body").at("text"), "after carol");

  auto hist = carol.request({{"op", "history"}, {"chat", "g:" + g}});
  ASSERT_EQ(hist.at("ok"), true) << json::serialize(hist);
  EXPECT_EQ(texts(hist), std::vector<std::string>{"after carol"});
  // Asking for older pages explicitly shows nothing either.
  auto older = carol.request({{"op", "history"}, {"chat", "g:" + g}, {"before_seq", 3}});
  EXPECT_TRUE(texts(older).empty());
  // The founding members still read everything.
  EXPECT_EQ(texts(bob.request({{"op", "history"}, {"chat", "g:" + g}})),
            (std::vector<std::string>{"after carol", "before carol"}));
}

TEST_F(GroupAccess, ARemovedMemberSeesNothingSentAfterRemoval) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto g = create(alice, {&bob});
  ASSERT_EQ(alice.request({{"op", "group.remove"}, {"group", g}, {"users", {bob.user}}}).at("ok"),
            true);
  ASSERT_EQ(alice.send_to_group(g, "secret").at("ok"), true);
  EXPECT_EQ(bob.request({{"op", "history"}, {"chat", "g:" + g}}).at("error").at("code"),
            "forbidden");
  EXPECT_TRUE(bob.quiet("message"));
  auto sync = bob.request({{"op", "sync"}, {"limit", 500}});
  for (auto& e : sync.at("events").as_array())
    EXPECT_EQ(json::serialize(e).find("secret"), std::string::npos);
}

TEST_F(GroupAccess, ARevokedInviteLinkNoLongerAdmitsAnyone) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto& dave = login(4);
  auto g = create(alice, {&bob});
  ASSERT_EQ(
      alice.request({{"op", "group.role"}, {"group", g}, {"user", bob.user}, {"role", "admin"}})
          .at("ok"),
      true);
  auto old_code =
      std::string(bob.request({{"op", "group.invite"}, {"group", g}}).at("code").as_string());
  // The removed admin's old code dies with the revocation.
  ASSERT_EQ(alice.request({{"op", "group.remove"}, {"group", g}, {"users", {bob.user}}}).at("ok"),
            true);
  auto revoked = alice.request({{"op", "group.invite.revoke"}, {"group", g}});
  ASSERT_EQ(revoked.at("ok"), true) << json::serialize(revoked);
  auto new_code = std::string(revoked.at("code").as_string());
  EXPECT_NE(new_code, old_code);
  EXPECT_EQ(bob.request({{"op", "group.join"}, {"code", old_code}}).at("error").at("code"),
            "not_found");
  EXPECT_EQ(carol.request({{"op", "group.join"}, {"code", old_code}}).at("error").at("code"),
            "not_found");
  EXPECT_EQ(carol.request({{"op", "group.join"}, {"code", new_code}}).at("joined"), true);
  // A plain member may not revoke; a stranger is not even told the group is there.
  EXPECT_EQ(carol.request({{"op", "group.invite.revoke"}, {"group", g}}).at("error").at("code"),
            "forbidden");
  EXPECT_EQ(dave.request({{"op", "group.invite.revoke"}, {"group", g}}).at("error").at("code"),
            "forbidden");
  // The current code is the same for every admin until the next revocation.
  EXPECT_EQ(alice.request({{"op", "group.invite"}, {"group", g}}).at("code"), new_code.c_str());
}

TEST_F(GroupAccess, AnUnknownPolicyIsRefusedNamingTheKnownOnes) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto r = alice.request(
      {{"op", "group.create"}, {"name", "typo"}, {"members", {bob.user}}, {"policy", "admins-ad"}});
  ASSERT_EQ(r.at("ok"), false);
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  std::string message(r.at("error").at("message").as_string());
  EXPECT_NE(message.find("\"policy\""), std::string::npos) << message;
  EXPECT_NE(message.find("admins-add"), std::string::npos) << message;
  EXPECT_TRUE(bob.quiet("group"));
  EXPECT_FALSE(create(alice, {&bob}, "admins-add").empty());
}

class GroupAddPrivacy : public GroupAccess {
 protected:
  std::string extra_config() const override { return "group_add_privacy = \"contacts\"\n"; }
};

TEST_F(GroupAddPrivacy, OnlyContactsMayAddSomeoneByDefault) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto r = alice.request({{"op", "group.create"}, {"name", "g"}, {"members", {bob.user}}});
  ASSERT_EQ(r.at("ok"), false);
  EXPECT_EQ(r.at("error").at("code"), "forbidden");
  EXPECT_EQ(r.at("error").at("users"), json::array{json::string(bob.user)});
  EXPECT_TRUE(bob.quiet("group"));
  ASSERT_EQ(bob.request({{"op", "contacts.add"}, {"users", {alice.user}}}).at("ok"), true);
  EXPECT_FALSE(create(alice, {&bob}).empty());
}

TEST_F(GroupAddPrivacy, ABlockIsNotBypassedByPuttingTheBlockerInAGroup) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto set = bob.request({{"op", "privacy.set"}, {"groups", "everyone"}});
  ASSERT_EQ(set.at("groups"), "everyone");
  ASSERT_EQ(bob.request({{"op", "block"}, {"user", alice.user}}).at("ok"), true);
  auto r = alice.request({{"op", "group.create"}, {"name", "g"}, {"members", {bob.user}}});
  EXPECT_EQ(r.at("error").at("code"), "forbidden");
  auto g = create(alice, {});
  auto add = alice.request({{"op", "group.add"}, {"group", g}, {"users", {bob.user}}});
  EXPECT_EQ(add.at("error").at("code"), "forbidden");
  EXPECT_TRUE(bob.quiet("group"));
  // Others bob did not block may add him.
  auto g2 = create(carol, {&bob});
  EXPECT_FALSE(g2.empty());
}

TEST_F(GroupAddPrivacy, NobodyMeansNotEvenContacts) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(bob.request({{"op", "contacts.add"}, {"users", {alice.user}}}).at("ok"), true);
  ASSERT_EQ(bob.request({{"op", "privacy.set"}, {"groups", "nobody"}}).at("ok"), true);
  auto r = alice.request({{"op", "group.create"}, {"name", "g"}, {"members", {bob.user}}});
  EXPECT_EQ(r.at("error").at("code"), "forbidden");
  auto bad = bob.request({{"op", "privacy.set"}, {"groups", "strangers"}});
  EXPECT_EQ(bad.at("error").at("code"), "bad_request");
  // An invite link still lets bob in, by his own choice.
  auto g = create(alice, {});
  auto code = alice.request({{"op", "group.invite"}, {"group", g}}).at("code");
  EXPECT_EQ(bob.request({{"op", "group.join"}, {"code", code}}).at("joined"), true);
}

}  // namespace
}  // namespace sb::core::test
