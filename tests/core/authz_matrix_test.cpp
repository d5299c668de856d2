// SPDX-License-Identifier: Apache-2.0
// The authorization matrix: every op of the core's table and every op a plugin added, run as
// an unauthenticated session, a user outside the group, a removed member, a banned user, a
// revoked device, a blocked sender and a plain member where an admin is needed, each expecting
// its documented answer, with nothing stored and nothing delivered when refused. An op
// without a row here fails the test.
#include <set>

#include "chat_harness.hpp"
#include "kernel/core/core.hpp"
#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"

namespace sb::core::test {
namespace {

// One op. Placeholders: $G (the group), $GCHAT (its chat), $OWNER (alice, who owns it),
// $ME (the caller), $STRANGER (someone in no group), $CODE (a revoked invite code), $N (a
// fresh number). Each column is the expected error code, "ok" (the op only touches the
// caller's own data, or is allowed to them), or "-" (not run: said why in the row).
struct Row {
  const char* op;
  const char* request;
  const char* outsider;  // mallory: in no group
  const char* removed;   // carol: removed from $G
  const char* blocked;   // dave, whom alice blocked; `toward_owner` instead when given
  const char* member;    // bob: a plain member of $G, whose policy is admins-add
  const char* toward_owner = nullptr;  // dave's request aimed at alice; must reach nobody
};

// clang-format off
const Row kMatrix[] = {
  {"send", R"({"to":{"group":"$G"},"client_msg_id":"m$N","body":{"text":"matrix"}})",
   "forbidden", "forbidden", "ok", "ok",
   R"({"to":{"user":"$OWNER"},"client_msg_id":"m$N","body":{"text":"matrix"}})"},
  {"ack", R"({"cursor":0})", "ok", "ok", "ok", "ok"},
  {"sync", R"({})", "ok", "ok", "ok", "ok"},
  {"history", R"({"chat":"$GCHAT"})", "forbidden", "forbidden", "forbidden", "ok"},
  {"read", R"({"chat":"$GCHAT","upto_seq":1})", "forbidden", "forbidden", "forbidden", "ok"},
  {"typing", R"({"chat":"$GCHAT","state":"on"})", "forbidden", "forbidden", "ok", "ok",
   R"({"chat":"$DCHAT","state":"on"})"},
  {"presence.subscribe", R"({"users":["$OWNER"]})", "ok", "ok", "ok", "ok"},
  {"privacy.set", R"({"online":"everyone"})", "ok", "ok", "ok", "ok"},
  {"contacts.add", R"({"users":["$STRANGER"]})", "ok", "ok", "ok", "ok"},
  {"contacts.remove", R"({"users":["$STRANGER"]})", "ok", "ok", "ok", "ok"},
  {"contacts.list", R"({})", "ok", "ok", "ok", "ok"},
  {"users.lookup", R"({"phones":["+15550000001"]})", "ok", "ok", "ok", "ok"},
  {"block", R"({"user":"$STRANGER"})", "ok", "ok", "ok", "ok"},
  {"unblock", R"({"user":"$STRANGER"})", "ok", "ok", "ok", "ok"},
  // The owner's contacts are nobody here, and "groups" privacy defaults to contacts.
  {"group.create", R"({"name":"x","members":["$OWNER"]})",
   "forbidden", "forbidden", "forbidden", "forbidden"},
  {"group.add", R"({"group":"$G","users":["$STRANGER"]})",
   "forbidden", "forbidden", "forbidden", "forbidden"},
  {"group.remove", R"({"group":"$G","users":["$OWNER"]})",
   "forbidden", "forbidden", "forbidden", "forbidden"},
  // A member may always leave; run for the others only.
  {"group.leave", R"({"group":"$G"})", "forbidden", "forbidden", "forbidden", "-"},
  {"group.role", R"({"group":"$G","user":"$ME","role":"admin"})",
   "forbidden", "forbidden", "forbidden", "forbidden"},
  {"group.rename", R"({"group":"$G","name":"mine"})",
   "forbidden", "forbidden", "forbidden", "forbidden"},
  {"group.info", R"({"group":"$G"})", "forbidden", "forbidden", "forbidden", "ok"},
  {"group.invite", R"({"group":"$G"})", "forbidden", "forbidden", "forbidden", "forbidden"},
  {"group.invite.revoke", R"({"group":"$G"})",
   "forbidden", "forbidden", "forbidden", "forbidden"},
  // $CODE was revoked: it admits nobody (the removed member least of all).
  {"group.join", R"({"code":"$CODE"})", "not_found", "not_found", "not_found", "not_found"},
  {"group.approve", R"({"group":"$G","users":["$STRANGER"]})",
   "forbidden", "forbidden", "forbidden", "forbidden"},
  {"keys.upload", R"({"identity_key":"IK","signed_prekey":{"id":1,"key":"K","sig":"S"}})",
   "ok", "ok", "ok", "ok"},
  {"keys.bundle", R"({"user":"$OWNER"})", "ok", "ok", "ok", "ok"},
  {"devices.list", R"({})", "ok", "ok", "ok", "ok"},
  // Only one's own devices: another user's device id is not found.
  {"devices.revoke", R"({"device":"$OWNER_DEVICE"})",
   "not_found", "not_found", "not_found", "not_found"},
  // Push ops touch only the caller's own device's subscriptions; no provider is loaded here.
  {"push.providers", R"({})", "ok", "ok", "ok", "ok"},
  {"push.subscribe", R"({"provider":"none","endpoint":"https://push.example/x"})",
   "bad_request", "bad_request", "bad_request", "bad_request"},
  {"push.list", R"({})", "ok", "ok", "ok", "ok"},
  {"push.remove", R"({"subscription":"ps_none"})", "not_found", "not_found", "not_found",
   "not_found"},
  // Status posts, profiles and the chat list touch the caller's own data; someone else's
  // post or a post that does not exist is not found alike.
  {"status.post", R"({"text":"matrix","privacy":"only","users":["$OWNER"]})",
   "ok", "ok", "ok", "ok"},
  {"status.feed", R"({})", "ok", "ok", "ok", "ok"},
  {"status.view", R"({"status":"s_none"})", "not_found", "not_found", "not_found", "not_found"},
  {"status.mine", R"({})", "ok", "ok", "ok", "ok"},
  {"status.delete", R"({"status":"s_none"})", "not_found", "not_found", "not_found",
   "not_found"},
  {"profile.set", R"({"about":"matrix"})", "ok", "ok", "ok", "ok"},
  {"profile.get", R"({"user":"$OWNER"})", "ok", "ok", "ok", "ok"},
  {"chats.list", R"({})", "ok", "ok", "ok", "ok"},
  {"groups.list", R"({})", "ok", "ok", "ok", "ok"},
  // Without "confirm": true nothing is deleted (account_test.cpp deletes for real).
  {"account.delete", R"({"confirm":false})", "bad_request", "bad_request", "bad_request",
   "bad_request"},
};
// clang-format on

class AuthzMatrix : public ChatTest {
 protected:
  std::string extra_config() const override { return "group_add_privacy = \"contacts\"\n"; }

  json::object build(const char* tmpl, const Client& me) {
    std::string s = tmpl;
    auto put = [&](const std::string& key, const std::string& value) {
      for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
        s.replace(at, key.size(), value);
    };
    put("$GCHAT", "g:" + group);
    put("$G", group);
    put("$OWNER_DEVICE", owner->device);
    put("$OWNER", owner->user);
    put("$ME", me.user);
    put("$STRANGER", stranger);
    put("$CODE", revoked_code);
    put("$DCHAT", me.user < owner->user ? "d:" + me.user + ":" + owner->user
                                        : "d:" + owner->user + ":" + me.user);
    put("$N", std::to_string(++n));
    return json::parse(s).as_object();
  }

  // What the owner can see of the group: refused ops must not change it.
  std::string snapshot() {
    auto info = owner->request({{"op", "group.info"}, {"group", group}});
    auto hist = owner->request({{"op", "history"}, {"chat", "g:" + group}, {"limit", 500}});
    return json::serialize(info.at("members")) + json::serialize(info.at("name")) +
           std::to_string(hist.at("messages").as_array().size());
  }

  Client* owner = nullptr;
  std::string group, stranger, revoked_code;
  int n = 0;
};

TEST_F(AuthzMatrix, EveryOpHasARowAndEveryRowHoldsForEveryRole) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto& mallory = login(4);
  auto& dave = login(5);
  auto& banned = login(6);
  auto& revoked = login(7);
  auto& stranger_client = login(8, "phone", false);
  owner = &alice;
  stranger = stranger_client.user;

  // Every op has a row: the core's table and whatever plugins added.
  std::set<std::string> rows;
  for (auto& r : kMatrix) rows.insert(r.op);
  std::vector<std::string> ops;
  for (auto& [op, fn] : core_ops()) ops.push_back(op);
  for (auto& op : server->core()->engine()->plugin_ops.names()) ops.push_back(op);
  for (auto& op : ops)
    EXPECT_TRUE(rows.contains(op)) << "op \"" << op << "\" has no row in kMatrix";
  ASSERT_FALSE(testing::Test::HasFailure());

  // The scene: alice owns $G (admins-add) with bob; carol was in it; alice blocked dave.
  for (auto* c : {&bob, &carol})
    ASSERT_EQ(c->request({{"op", "contacts.add"}, {"users", {alice.user}}}).at("ok"), true);
  auto made = alice.request({{"op", "group.create"},
                             {"name", "matrix"},
                             {"members", {bob.user, carol.user}},
                             {"policy", "admins-add"}});
  ASSERT_EQ(made.at("ok"), true) << json::serialize(made);
  group = std::string(made.at("group").as_string());
  revoked_code =
      std::string(alice.request({{"op", "group.invite"}, {"group", group}}).at("code").as_string());
  ASSERT_EQ(alice.request({{"op", "group.invite.revoke"}, {"group", group}}).at("ok"), true);
  ASSERT_EQ(
      alice.request({{"op", "group.remove"}, {"group", group}, {"users", {carol.user}}}).at("ok"),
      true);
  ASSERT_EQ(alice.request({{"op", "block"}, {"user", dave.user}}).at("ok"), true);
  ASSERT_TRUE(server->core()->engine()->set_banned(banned.user, true));
  ASSERT_EQ(revoked.request({{"op", "devices.revoke"}, {"device", revoked.device}}).at("ok"), true);
  // What the scene itself sent is not what the matrix looks for: wait until the notices
  // (created, member_removed) are stored, then drop the rest.
  for (auto* c : {&alice, &bob}) {
    EXPECT_EQ(c->next("group").at("type"), "created");
    EXPECT_EQ(c->next("group").at("type"), "member_removed");
    while (c->link().pending() > 0) c->link().take([](const json::object&) { return true; }, 10ms);
  }
  auto before = snapshot();

  auto run = [&](Client& who, const char* role, auto column, auto request_of) {
    std::vector<const Row*> allowed;
    for (auto& r : kMatrix) {
      std::string expect = column(r);
      if (expect == "-") continue;
      auto req = build(request_of(r), who);
      req["op"] = r.op;
      auto reply = who.request(req);
      if (expect == "ok") {
        EXPECT_EQ(reply.at("ok"), true) << role << " " << r.op << ": " << json::serialize(reply);
      } else {
        ASSERT_EQ(reply.at("ok"), false) << role << " " << r.op;
        EXPECT_EQ(reply.at("error").at("code"), expect.c_str())
            << role << " " << r.op << ": " << json::serialize(reply);
      }
    }
    // The plain member's allowed send adds to the chat; the others change nothing.
    if (std::string_view(role) != "plain member") {
      EXPECT_EQ(snapshot(), before) << role << " changed the group";
    }
  };

  run(
      mallory, "outsider", [](const Row& r) { return r.outsider; },
      [](const Row& r) { return r.request; });
  run(
      carol, "removed member", [](const Row& r) { return r.removed; },
      [](const Row& r) { return r.request; });
  run(
      dave, "blocked sender", [](const Row& r) { return r.blocked; },
      [](const Row& r) { return r.toward_owner ? r.toward_owner : r.request; });
  // Nothing any of them did reached alice or bob.
  for (auto ev : {"message", "group", "typing"}) {
    EXPECT_TRUE(alice.quiet(ev, 100ms)) << ev;
    EXPECT_TRUE(bob.quiet(ev, 100ms)) << ev;
  }
  auto members_before = alice.request({{"op", "group.info"}, {"group", group}}).at("members");
  run(
      bob, "plain member", [](const Row& r) { return r.member; },
      [](const Row& r) { return r.request; });
  EXPECT_EQ(alice.request({{"op", "group.info"}, {"group", group}}).at("members"), members_before)
      << "the plain member changed the membership";
  before = snapshot();

  // No session at all, a banned user, a revoked device: every op is unauthorized.
  auto anonymous = login_client(*server, 9, "anon");
  anonymous->connect_anonymous();
  for (auto& r : kMatrix) {
    auto req = build(r.request, *anonymous);
    req["op"] = r.op;
    EXPECT_EQ(anonymous->request(req).at("error").at("code"), "unauthorized") << r.op;
  }
  for (auto* who : {&banned, &revoked}) {
    who->connect_anonymous();
    auto auth = who->request({{"op", "auth"}, {"token", who->token}});
    EXPECT_EQ(auth.at("error").at("code"), "unauthorized") << who->user;
    EXPECT_TRUE(who->link().wait_closed());
    who->connect();
    EXPECT_EQ(who->next_error().at("error").at("code"), "unauthorized");
    for (auto& r : kMatrix) {
      auto req = build(r.request, *who);
      req["op"] = r.op;
      req["id"] = "x";
      who->post(req);
    }
    EXPECT_FALSE(who->link().take([](const json::object& f) { return f.contains("id"); }, 200ms))
        << "a closed session answered";
  }
  EXPECT_EQ(snapshot(), before);
}

}  // namespace
}  // namespace sb::core::test
