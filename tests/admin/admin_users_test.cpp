// SPDX-License-Identifier: Apache-2.0
// Users and groups through the admin API against live clients: search and filters, a
// device's revocation closing its WebSocket, ban, delete (the phone registers afresh), bulk
// actions, groups, notices, bad input naming the field, and the audit entries written.
#include <gtest/gtest.h>

#include "admin_server.hpp"
#include "raw_ws.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

class AdminUsers : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<AdminServer>();
    server->add_admin("olivia", "owner");
    owner = server->login("olivia");
  }
  // The newest audit entry.
  json::object last_audit() {
    auto doc = server->get("/v1/admin/audit?limit=1", owner).json();
    return doc.at("entries").at(0).as_object();
  }
  std::unique_ptr<AdminServer> server;
  AdminSession owner;
};

TEST_F(AdminUsers, SearchFindsByPhoneIdAndNameAndPages) {
  auto alice = server->user(1);
  auto bob = server->user(2);
  server->user(3);
  auto r = server->get("/v1/admin/users?q=%2B15551230002", owner);
  ASSERT_EQ(r.status, 200) << r.body;
  auto users = r.json().at("users").as_array();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_EQ(str(users[0].at("id")), bob.id);
  EXPECT_EQ(
      server->get("/v1/admin/users?q=" + alice.id, owner).json().at("users").as_array().size(), 1u);
  // Pages of two: three users, a cursor, then the rest.
  auto first = server->get("/v1/admin/users?limit=2", owner).json().as_object();
  ASSERT_EQ(first.at("users").as_array().size(), 2u);
  ASSERT_TRUE(first.at("next").is_string());
  auto second =
      server
          ->get("/v1/admin/users?limit=2&cursor=" + std::string(first.at("next").as_string()),
                owner)
          .json()
          .as_object();
  EXPECT_EQ(second.at("users").as_array().size(), 1u);
  EXPECT_TRUE(second.at("next").is_null());
}

TEST_F(AdminUsers, FiltersOnlineBannedInactive) {
  auto alice = server->user(1);
  auto bob = server->user(2);
  e2e::RawWs ws(server->port(), alice.access_token);
  ASSERT_TRUE(ws.open());
  ASSERT_TRUE(eventually([&] {
    auto u = server->get("/v1/admin/users?filter=online", owner).json().at("users").as_array();
    return u.size() == 1 && str(u[0].at("id")) == alice.id;
  }));
  ASSERT_EQ(server->send("POST", "/v1/admin/users/" + bob.id + "/ban", "", owner).status, 200);
  auto banned = server->get("/v1/admin/users?filter=banned", owner).json().at("users").as_array();
  ASSERT_EQ(banned.size(), 1u);
  EXPECT_EQ(str(banned[0].at("id")), bob.id);
  // Everyone was seen just now: nobody is inactive for a day.
  EXPECT_EQ(server->get("/v1/admin/users?filter=inactive&inactive_days=1", owner)
                .json()
                .at("users")
                .as_array()
                .size(),
            0u);
}

TEST_F(AdminUsers, BadQueriesNameTheParameter) {
  EXPECT_EQ(server->get("/v1/admin/users?filter=sleepy", owner).field(), "filter");
  EXPECT_EQ(server->get("/v1/admin/users?limit=0", owner).field(), "limit");
  EXPECT_EQ(server->get("/v1/admin/users?limit=ten", owner).field(), "limit");
  EXPECT_EQ(server->get("/v1/admin/users?filter=inactive&inactive_days=-3", owner).field(),
            "inactive_days");
  EXPECT_EQ(server->get("/v1/admin/groups?limit=100000", owner).field(), "limit");
  EXPECT_EQ(server->get("/v1/admin/audit?before=x", owner).field(), "before");
}

TEST_F(AdminUsers, UserDetailShowsDevicesWithTransport) {
  auto alice = server->user(1);
  e2e::RawWs ws(server->port(), alice.access_token);
  ASSERT_TRUE(ws.open());
  json::object detail;
  ASSERT_TRUE(eventually([&] {
    detail = server->get("/v1/admin/users/" + alice.id, owner).json().as_object();
    return detail.at("devices").at(0).at("online").as_bool();
  }));
  EXPECT_EQ(detail.at("user").at("phone"), "+15551230001");
  EXPECT_EQ(str(detail.at("devices").at(0).at("id")), alice.device);
  EXPECT_EQ(detail.at("devices").at(0).at("transport"), "websocket");
  EXPECT_EQ(server->get("/v1/admin/users/u_nobody", owner).status, 404);
}

TEST_F(AdminUsers, RevokingADeviceClosesItsWebSocket) {
  auto alice = server->user(1);
  e2e::RawWs ws(server->port(), alice.access_token);
  ASSERT_TRUE(ws.open());
  ASSERT_TRUE(eventually([&] {
    return server->get("/v1/admin/users/" + alice.id, owner)
        .json()
        .at("devices")
        .at(0)
        .at("online")
        .as_bool();
  }));
  auto r = server->send(
      "POST", "/v1/admin/users/" + alice.id + "/devices/" + alice.device + "/revoke", "", owner);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string seen;
  for (int i = 0; i < 10; ++i) {
    auto m = ws.read(std::chrono::seconds(5));
    if (!m) break;
    seen += *m;
  }
  EXPECT_NE(seen.find("session.revoked"), std::string::npos) << seen;
  EXPECT_NE(ws.close_code(), 0);
  EXPECT_TRUE(
      server->get("/v1/admin/users/" + alice.id, owner).json().at("devices").as_array().empty());
  auto audit = last_audit();
  EXPECT_EQ(audit.at("action"), "device.revoke");
  EXPECT_EQ(audit.at("admin"), "olivia");
  EXPECT_EQ(audit.at("address"), "127.0.0.1");
  EXPECT_EQ(str(audit.at("target")), alice.id + "/" + alice.device);
  // Again: the device is gone.
  EXPECT_EQ(
      server
          ->send("POST", "/v1/admin/users/" + alice.id + "/devices/" + alice.device + "/revoke", "",
                 owner)
          .status,
      404);
}

TEST_F(AdminUsers, BanClosesConnectionsAndRefusesLoginUntilUnban) {
  auto bob = server->user(2);
  e2e::RawWs ws(server->port(), bob.access_token);
  ASSERT_TRUE(ws.open());
  ASSERT_EQ(server->send("POST", "/v1/admin/users/" + bob.id + "/ban", "", owner).status, 200);
  EXPECT_NE(ws.wait_close(std::chrono::seconds(5)), 0);
  EXPECT_EQ(last_audit().at("action"), "user.ban");
  EXPECT_THROW(server->user(2), std::runtime_error);  // verify answers 403
  ASSERT_EQ(server->send("POST", "/v1/admin/users/" + bob.id + "/unban", "", owner).status, 200);
  EXPECT_EQ(last_audit().at("action"), "user.unban");
  EXPECT_EQ(server->user(2).id, bob.id);
  EXPECT_EQ(server->send("POST", "/v1/admin/users/u_nobody/ban", "", owner).status, 404);
}

TEST_F(AdminUsers, DeleteNeedsConfirmationThenThePhoneStartsAfresh) {
  auto carol = server->user(3);
  e2e::RawWs ws(server->port(), carol.access_token);
  ASSERT_TRUE(ws.open());
  auto r = server->send("DELETE", "/v1/admin/users/" + carol.id, R"({"confirm":"u_other"})", owner);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.field(), "confirm");
  EXPECT_EQ(server->send("DELETE", "/v1/admin/users/" + carol.id, "", owner).field(), "confirm");
  r = server->send("DELETE", "/v1/admin/users/" + carol.id,
                   json::serialize(json::object{{"confirm", carol.id}}), owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(ws.wait_close(std::chrono::seconds(5)), 0);
  EXPECT_EQ(server->get("/v1/admin/users/" + carol.id, owner).status, 404);
  EXPECT_EQ(last_audit().at("action"), "user.delete");
  auto again = server->user(3);
  EXPECT_NE(again.id, carol.id);
}

TEST_F(AdminUsers, BulkActionsNeedConfirmAndReportMissingUsers) {
  auto a = server->user(4);
  auto b = server->user(5);
  auto body = [&](std::string action, bool confirm) {
    return json::serialize(
        json::object{{"action", action},
                     {"users", json::array{json::string(a.id), json::string(b.id), "u_nobody"}},
                     {"confirm", confirm}});
  };
  EXPECT_EQ(server->send("POST", "/v1/admin/users/bulk", body("ban", false), owner).field(),
            "confirm");
  EXPECT_EQ(server->send("POST", "/v1/admin/users/bulk", body("smite", true), owner).field(),
            "action");
  EXPECT_EQ(server
                ->send("POST", "/v1/admin/users/bulk",
                       R"({"action":"ban","users":"all","confirm":true})", owner)
                .field(),
            "users");
  auto r = server->send("POST", "/v1/admin/users/bulk", body("ban", true), owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("done").as_array().size(), 2u);
  EXPECT_EQ(r.json().at("missing").at(0), "u_nobody");
  EXPECT_EQ(
      server->get("/v1/admin/users?filter=banned", owner).json().at("users").as_array().size(), 2u);
  EXPECT_EQ(last_audit().at("action"), "users.bulk.ban");
  r = server->send("POST", "/v1/admin/users/bulk", body("revoke_all", true), owner);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(
      server->get("/v1/admin/users/" + a.id, owner).json().at("devices").as_array().empty());
}

TEST_F(AdminUsers, GroupsAreSearchedShownAndDisbanded) {
  auto alice = server->user(1);
  auto bob = server->user(2);
  e2e::RawWs ws(server->port(), alice.access_token);
  ASSERT_TRUE(ws.open());
  ws.send_text(json::serialize(json::object{{"id", "g1"},
                                            {"op", "group.create"},
                                            {"name", "Book club"},
                                            {"members", json::array{json::string(bob.id)}}}));
  std::string group;
  for (int i = 0; i < 20 && group.empty(); ++i) {
    auto m = ws.read(std::chrono::seconds(5));
    if (!m) break;
    auto v = json::parse(*m).as_object();
    if (v.contains("id") && v.at("id") == "g1") {
      ASSERT_TRUE(v.at("ok").as_bool()) << *m;
      group = std::string(v.at("group").as_string());
    }
  }
  ASSERT_FALSE(group.empty());
  auto found = server->get("/v1/admin/groups?q=Book", owner).json().at("groups").as_array();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].at("members"), 2);
  auto detail = server->get("/v1/admin/groups/" + group, owner).json().as_object();
  EXPECT_EQ(detail.at("group").at("name"), "Book club");
  EXPECT_EQ(detail.at("members").as_array().size(), 2u);
  EXPECT_EQ(
      server->send("POST", "/v1/admin/groups/" + group + "/disband", R"({"confirm":"no"})", owner)
          .field(),
      "confirm");
  ASSERT_EQ(server
                ->send("POST", "/v1/admin/groups/" + group + "/disband",
                       json::serialize(json::object{{"confirm", group}}), owner)
                .status,
            200);
  EXPECT_EQ(server->get("/v1/admin/groups/" + group, owner).status, 404);
  EXPECT_EQ(last_audit().at("action"), "group.disband");
}

TEST_F(AdminUsers, ANoticeArrivesAsTheSystemAccountsMessage) {
  auto alice = server->user(1);
  e2e::RawWs ws(server->port(), alice.access_token);
  ASSERT_TRUE(ws.open());
  EXPECT_EQ(server->send("POST", "/v1/admin/notices", R"({"users":[]})", owner).field(), "text");
  EXPECT_EQ(server->send("POST", "/v1/admin/notices", R"({"text":"hi","users":[]})", owner).field(),
            "users");
  auto r =
      server->send("POST", "/v1/admin/notices",
                   json::serialize(json::object{{"text", "maintenance at noon"},
                                                {"users", json::array{json::string(alice.id)}}}),
                   owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("sent"), 1);
  std::string seen;
  for (int i = 0; i < 10 && seen.find("maintenance at noon") == std::string::npos; ++i) {
    auto m = ws.read(std::chrono::seconds(5));
    if (!m) break;
    seen += *m;
  }
  EXPECT_NE(seen.find("maintenance at noon"), std::string::npos) << seen;
  EXPECT_NE(seen.find("\"system\""), std::string::npos) << seen;
  EXPECT_EQ(last_audit().at("action"), "notice");
}

TEST_F(AdminUsers, TheAuditLogPagesNewestFirst) {
  for (int i = 0; i < 3; ++i) server->token(owner, "viewer");
  auto page = server->get("/v1/admin/audit?limit=2", owner).json().as_object();
  auto entries = page.at("entries").as_array();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_GT(entries[0].at("id").as_int64(), entries[1].at("id").as_int64());
  ASSERT_TRUE(page.at("next").is_string());
  auto more =
      server
          ->get("/v1/admin/audit?limit=2&before=" + std::string(page.at("next").as_string()), owner)
          .json()
          .at("entries")
          .as_array();
  ASSERT_FALSE(more.empty());
  EXPECT_LT(more[0].at("id").as_int64(), entries[1].at("id").as_int64());
  // The login itself is in the log, with where it came from.
  bool login = false;
  auto all = server->get("/v1/admin/audit?limit=1000", owner).json();
  for (auto& e : all.at("entries").as_array())
    login = login || (e.at("action") == "login" && e.at("address") == "127.0.0.1");
  EXPECT_TRUE(login);
}

}  // namespace
}  // namespace sb::test
