// SPDX-License-Identifier: Apache-2.0
// Actions taken on the command line are audited like the API's: `switchboard ban|unban`
// (through the kernel's loopback endpoint) and `switchboard admin add|passwd|remove`, shown
// by GET /v1/admin/audit while the server runs and again after a restart, once each.
#include <gtest/gtest.h>

#include "admin_server.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

// The entries with `action` on `target`, newest first.
std::vector<json::object> entries(AdminServer& server, const AdminSession& s,
                                  const std::string& action, const std::string& target) {
  auto r = server.get("/v1/admin/audit?limit=200", s);
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<json::object> out;
  auto doc = r.json();  // kept: the loop must not run over a temporary's array
  for (auto& e : doc.at("entries").as_array())
    if (e.at("action") == action.c_str() && e.at("target") == target.c_str())
      out.push_back(e.as_object());
  return out;
}

TEST(AdminAuditCli, BanAndAdminCommandsAreAuditedAndSurviveARestart) {
  AdminServer server;
  server.add_admin("olivia", "owner");
  auto owner = server.login("olivia");
  auto alice = server.user(1);

  auto ban = server.cli({"ban", alice.id});
  ASSERT_EQ(ban.code, 0) << ban.out << ban.err;
  auto banned = entries(server, owner, "user.ban", alice.id);
  ASSERT_EQ(banned.size(), 1u);
  EXPECT_EQ(banned[0].at("admin"), "cli");
  EXPECT_EQ(banned[0].at("address"), "local");
  ASSERT_EQ(server.cli({"unban", "+15551230001"}).code, 0);
  auto unbanned = entries(server, owner, "user.unban", alice.id);
  ASSERT_EQ(unbanned.size(), 1u);
  EXPECT_EQ(unbanned[0].at("details").at("phone"), "+15551230001");

  // Written by another process (the command) while the server runs: shown without a restart.
  server.add_admin("victor", "viewer");
  ASSERT_EQ(server.admin_cli("passwd victor --password-stdin", "another good phrase\n").code, 0);
  EXPECT_EQ(entries(server, owner, "admin.add", "victor").size(), 1u);
  EXPECT_EQ(entries(server, owner, "admin.passwd", "victor").size(), 1u);

  server.restart();
  owner = server.login("olivia");
  for (auto [action, target] : {std::pair{"user.ban", alice.id},
                                {"user.unban", alice.id},
                                {"admin.add", std::string("victor")},
                                {"admin.add", std::string("olivia")},
                                {"admin.passwd", std::string("victor")}})
    EXPECT_EQ(entries(server, owner, action, target).size(), 1u) << action << " " << target;
  // Newest first, across the command's and the server's writes.
  auto all = server.get("/v1/admin/audit?limit=200", owner).json().at("entries").as_array();
  for (std::size_t i = 1; i < all.size(); ++i)
    EXPECT_GT(all[i - 1].at("id").to_number<std::int64_t>(),
              all[i].at("id").to_number<std::int64_t>());
}

}  // namespace
}  // namespace sb::test
