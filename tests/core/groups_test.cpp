// SPDX-License-Identifier: Apache-2.0
// Group conversations: create, add, remove, leave, role, info, the size limit, system
// messages in the chat, the named policies (through policy-groups) and invite links.
#include <set>

#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

class Groups : public ChatTest {
 protected:
  std::string extra_config() const override { return "max_group_members = 4\n"; }
  std::string create(Client& owner, std::vector<const Client*> members,
                     const std::string& policy = "open") {
    json::array m;
    for (auto* c : members) m.emplace_back(c->user);
    auto r = owner.request(
        {{"op", "group.create"}, {"name", "friends"}, {"members", m}, {"policy", policy}});
    EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
    return r.contains("group") ? std::string(r.at("group").as_string()) : std::string();
  }
};

TEST_F(Groups, AliceCreatesAGroupEveryoneSeesItAndTheirMessages) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto g = create(alice, {&bob, &carol});
  auto created = bob.next("group");
  EXPECT_EQ(created.at("type"), "created");
  EXPECT_EQ(created.at("by"), alice.user.c_str());
  EXPECT_EQ(carol.next("group").at("type"), "created");

  ASSERT_EQ(bob.send_to_group(g, "hello all").at("ok"), true);
  EXPECT_EQ(alice.next("message").at("body").at("text"), "hello all");
  EXPECT_EQ(carol.next("message").at("body").at("text"), "hello all");

  auto info = carol.request({{"op", "group.info"}, {"group", g}});
  ASSERT_EQ(info.at("ok"), true);
  EXPECT_EQ(info.at("members").as_array().size(), 3u);
  EXPECT_EQ(info.at("policy"), "open");
}

TEST_F(Groups, ANonMemberCanNeitherSendNorReadNorSeeInfo) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& eve = login(3);
  auto g = create(alice, {&bob});
  EXPECT_EQ(eve.send_to_group(g, "let me in").at("error").at("code"), "forbidden");
  EXPECT_EQ(eve.request({{"op", "history"}, {"chat", "g:" + g}}).at("error").at("code"),
            "forbidden");
  EXPECT_EQ(eve.request({{"op", "group.info"}, {"group", g}}).at("error").at("code"), "forbidden");
  EXPECT_EQ(eve.request({{"op", "group.info"}, {"group", "g_nope"}}).at("error").at("code"),
            "not_found");
}

TEST_F(Groups, MembershipChangesAppearInTheChatAsSystemMessages) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto g = create(alice, {&bob});
  bob.next("group");
  auto add = alice.request({{"op", "group.add"}, {"group", g}, {"users", {carol.user}}});
  ASSERT_EQ(add.at("ok"), true) << json::serialize(add);
  auto added = bob.next("group");
  EXPECT_EQ(added.at("type"), "member_added");
  EXPECT_EQ(added.at("users"), json::array{json::string(carol.user)});
  EXPECT_EQ(carol.next("group").at("type"), "member_added");

  ASSERT_EQ(alice.request({{"op", "group.remove"}, {"group", g}, {"users", {bob.user}}}).at("ok"),
            true);
  EXPECT_EQ(bob.next("group").at("type"), "member_removed");  // the removed hear it too
  EXPECT_EQ(bob.send_to_group(g, "still here?").at("error").at("code"), "forbidden");

  ASSERT_EQ(carol.request({{"op", "group.leave"}, {"group", g}}).at("ok"), true);
  // The notices are stored after each reply: wait until alice has seen the last one.
  for (auto type : {"created", "member_added", "member_removed", "member_left"})
    EXPECT_EQ(alice.next("group").at("type"), type);
  auto hist = alice.request({{"op", "history"}, {"chat", "g:" + g}});
  std::vector<std::string> kinds;
  for (auto& m : hist.at("messages").as_array())
    kinds.emplace_back(m.at("body").at("type").as_string());
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"member_left", "member_removed", "member_added", "created"}));
}

// One delivered receipt speaks for several members (`by_users`, `by` the first of them);
// every member who acked is in one of them, with the message's id, seq and count.
TEST_F(Groups, DeliveredReceiptsNameEveryMemberWhoAckedInByUsers) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto& dave = login(4);
  auto g = create(alice, {&bob, &carol, &dave});
  auto sent = alice.send_to_group(g, "who got this?");
  ASSERT_EQ(sent.at("ok"), true) << json::serialize(sent);
  std::vector<std::int64_t> cursors;
  for (auto* c : {&bob, &carol, &dave})
    cursors.push_back(c->next("message").at("cursor").as_int64());
  // All three at once, so that their receipts may meet.
  int n = 0;
  for (auto* c : {&bob, &carol, &dave})
    c->post({{"id", "a"}, {"op", "ack"}, {"cursor", cursors[static_cast<std::size_t>(n++)]}});
  std::set<std::string> by;
  for (int i = 0; i < 3 && by.size() < 3; ++i) {
    auto r = alice.next("receipt");
    ASSERT_FALSE(r.empty());
    EXPECT_EQ(r.at("type"), "delivered");
    EXPECT_EQ(r.at("chat"), sent.at("chat"));
    EXPECT_EQ(r.at("msg_id"), sent.at("msg_id"));
    EXPECT_EQ(r.at("upto_seq"), sent.at("seq"));
    EXPECT_EQ(r.at("count"), 2);  // the group's "created" notice (alice's) and the message
    auto& users = r.at("by_users").as_array();
    ASSERT_FALSE(users.empty());
    EXPECT_EQ(r.at("by"), users.front());
    for (auto& u : users) EXPECT_TRUE(by.insert(std::string(u.as_string())).second) << u;
    alice.ack(r.at("cursor").as_int64());
  }
  EXPECT_EQ(by, (std::set<std::string>{bob.user, carol.user, dave.user}));
  EXPECT_TRUE(alice.quiet("receipt"));

  // A member acking two messages at once: one receipt, count 2, upto the newest.
  auto first = alice.send_to_group(g, "one");
  auto second = alice.send_to_group(g, "two");
  bob.next("message");
  bob.ack(bob.next("message").at("cursor").as_int64());
  auto r = alice.next("receipt");
  EXPECT_EQ(r.at("msg_id"), second.at("msg_id"));
  EXPECT_EQ(r.at("upto_seq"), second.at("seq"));
  EXPECT_EQ(r.at("count"), 2);
  EXPECT_EQ(r.at("by_users"), json::array{json::string(bob.user)});
  EXPECT_EQ(r.at("by"), bob.user.c_str());
}

TEST_F(Groups, TheSizeLimitHolds) {
  auto& alice = login(1);
  auto& b = login(2);
  auto& c = login(3);
  auto& d = login(4);
  auto& e = login(5);
  auto g = create(alice, {&b, &c});
  ASSERT_EQ(alice.request({{"op", "group.add"}, {"group", g}, {"users", {d.user}}}).at("ok"), true);
  auto r = alice.request({{"op", "group.add"}, {"group", g}, {"users", {e.user}}});
  EXPECT_EQ(r.at("error").at("code"), "too_large");
  EXPECT_EQ(r.at("error").at("limit"), 4);
}

TEST_F(Groups, RolesAndTheOwnerWhoCannotBeRemovedByAnAdmin) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto g = create(alice, {&bob, &carol});
  EXPECT_EQ(carol.request({{"op", "group.remove"}, {"group", g}, {"users", {bob.user}}})
                .at("error")
                .at("code"),
            "forbidden");  // members may not remove
  ASSERT_EQ(
      alice.request({{"op", "group.role"}, {"group", g}, {"user", bob.user}, {"role", "admin"}})
          .at("ok"),
      true);
  EXPECT_EQ(carol.next("group").at("type"), "created");
  EXPECT_EQ(carol.next("group").at("type"), "role_changed");
  EXPECT_EQ(bob.request({{"op", "group.remove"}, {"group", g}, {"users", {alice.user}}})
                .at("error")
                .at("code"),
            "forbidden");
  EXPECT_EQ(
      bob.request({{"op", "group.role"}, {"group", g}, {"user", alice.user}, {"role", "member"}})
          .at("error")
          .at("code"),
      "forbidden");
  ASSERT_EQ(bob.request({{"op", "group.remove"}, {"group", g}, {"users", {carol.user}}}).at("ok"),
            true);
  // The owner leaving hands the group to the admin.
  ASSERT_EQ(alice.request({{"op", "group.leave"}, {"group", g}}).at("ok"), true);
  auto info = bob.request({{"op", "group.info"}, {"group", g}});
  ASSERT_EQ(info.at("members").as_array().size(), 1u);
  EXPECT_EQ(info.at("members").as_array()[0].at("role"), "owner");
}

TEST_F(Groups, AnnouncementGroupsLetOnlyAdminsSpeak) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto g = create(alice, {&bob}, "announcement");
  auto r = bob.send_to_group(g, "can I talk?");
  EXPECT_EQ(r.at("error").at("code"), "forbidden");
  EXPECT_NE(std::string(r.at("error").at("message").as_string()).find("announcement"),
            std::string::npos);
  EXPECT_EQ(alice.send_to_group(g, "news").at("ok"), true);
}

TEST_F(Groups, AdminsAddPolicyRefusesMembersAdding) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto g = create(alice, {&bob}, "admins-add");
  EXPECT_EQ(bob.request({{"op", "group.add"}, {"group", g}, {"users", {carol.user}}})
                .at("error")
                .at("code"),
            "forbidden");
}

TEST_F(Groups, InviteLinksJoinOpenGroupsAndWaitForApprovalOtherwise) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto open = create(alice, {});
  auto code = alice.request({{"op", "group.invite"}, {"group", open}}).at("code");
  auto joined = bob.request({{"op", "group.join"}, {"code", code}});
  ASSERT_EQ(joined.at("joined"), true) << json::serialize(joined);
  EXPECT_EQ(bob.request({{"op", "group.join"}, {"code", "g_x.forged"}}).at("error").at("code"),
            "not_found");

  auto strict = create(alice, {}, "invite-approval");
  auto code2 = alice.request({{"op", "group.invite"}, {"group", strict}}).at("code");
  auto pending = carol.request({{"op", "group.join"}, {"code", code2}});
  ASSERT_EQ(pending.at("ok"), true) << json::serialize(pending);
  EXPECT_EQ(pending.at("pending"), true);
  json::object request;
  for (int i = 0; i < 5 && !request.contains("user"); ++i) {
    auto ev = alice.next("group");
    if (ev.at("type") == "join_requested") request = ev;
  }
  EXPECT_EQ(request.at("user"), carol.user.c_str());
  EXPECT_EQ(carol.send_to_group(strict, "hi?").at("error").at("code"), "forbidden");
  ASSERT_EQ(
      alice.request({{"op", "group.approve"}, {"group", strict}, {"users", {carol.user}}}).at("ok"),
      true);
  EXPECT_EQ(carol.send_to_group(strict, "thanks").at("ok"), true);
}

}  // namespace
}  // namespace sb::core::test
