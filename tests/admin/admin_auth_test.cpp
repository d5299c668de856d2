// SPDX-License-Identifier: Apache-2.0
// Who may call the admin API: no credentials, a session cookie (with and without its CSRF
// token), API tokens (valid, expired, revoked), roles on every route, the last owner, login
// limits, the CLI, and a listener marked public_only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "admin_server.hpp"
#include "route_table.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

std::string path_of(const admin::RouteSpec& r) {
  return std::regex_replace(std::string(r.pattern), std::regex("\\{[a-z]+\\}"), "x1");
}

bool is_change(const admin::RouteSpec& r) {
  return r.method != "GET";
}

class AdminAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<AdminServer>();
    server->add_admin("olivia", "owner");
    server->add_admin("oscar", "operator");
    server->add_admin("vera", "viewer");
  }
  std::unique_ptr<AdminServer> server;
};

TEST_F(AdminAuth, EveryRouteButLoginAndTheDocumentNeedsCredentials) {
  for (auto& r : admin::kRoutes) {
    if (r.need == admin::Need::none) continue;
    auto reply = http(server->port(), std::string(r.method), path_of(r), "{}");
    EXPECT_EQ(reply.status, 401) << r.method << " " << r.pattern << ": " << reply.body;
    EXPECT_EQ(reply.json().at("error").at("code"), "unauthorized");
  }
}

TEST_F(AdminAuth, LoginSetsAStrictHttpOnlyCookieAndMeAnswers) {
  auto r = http(server->port(), "POST", "/v1/admin/login",
                R"({"name":"olivia","password":"correct horse battery"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("sb_admin="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP here
  EXPECT_EQ(r.json().at("role"), "owner");
  auto s = server->login("olivia");
  auto me = server->get("/v1/admin/me", s);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("name"), "olivia");
  EXPECT_EQ(str(me.json().at("csrf")), s.csrf);
}

TEST_F(AdminAuth, WrongPasswordAndUnknownNameAnswerAlike) {
  auto a = http(server->port(), "POST", "/v1/admin/login",
                R"({"name":"olivia","password":"wrong wrong wrong"})");
  auto b = http(server->port(), "POST", "/v1/admin/login",
                R"({"name":"nobody","password":"wrong wrong wrong"})");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(b.status, 401);
  EXPECT_EQ(a.body, b.body);
}

TEST_F(AdminAuth, LoginBadInputNamesTheField) {
  auto r = http(server->port(), "POST", "/v1/admin/login", R"({"password":"x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.field(), "name");
  r = http(server->port(), "POST", "/v1/admin/login", R"({"name":"olivia","password":5})");
  EXPECT_EQ(r.field(), "password");
  r = http(server->port(), "POST", "/v1/admin/login", "not json");
  EXPECT_EQ(r.field(), "body");
}

TEST_F(AdminAuth, LoginsAreLimitedPerAccount) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(http(server->port(), "POST", "/v1/admin/login",
                   R"({"name":"vera","password":"wrong wrong wrong"})")
                  .status,
              401);
  // Even the right password is refused now, with a time to come back.
  auto r = http(server->port(), "POST", "/v1/admin/login",
                R"({"name":"vera","password":"correct horse battery"})");
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_FALSE(r.header("retry-after").empty());
  // Another account from the same address is not locked out by it.
  EXPECT_EQ(http(server->port(), "POST", "/v1/admin/login",
                 R"({"name":"oscar","password":"correct horse battery"})")
                .status,
            200);
}

TEST_F(AdminAuth, EveryChangeWithACookieNeedsTheCsrfToken) {
  auto s = server->login("olivia");
  for (auto& r : admin::kRoutes) {
    if (!is_change(r) || r.need == admin::Need::none) continue;
    auto missing = http(server->port(), std::string(r.method), path_of(r), "{}", s.headers(false));
    EXPECT_EQ(missing.status, 403) << r.method << " " << r.pattern << ": " << missing.body;
    EXPECT_EQ(missing.field(), "X-CSRF-Token") << r.pattern;
    auto wrong = http(server->port(), std::string(r.method), path_of(r), "{}",
                      {{"Cookie", s.cookie}, {"X-CSRF-Token", "0000"}});
    EXPECT_EQ(wrong.status, 403) << r.method << " " << r.pattern;
  }
  // Nothing was changed by the refused calls: the admins are all still there.
  EXPECT_EQ(server->get("/v1/admin/admins", s).json().at("admins").as_array().size(), 3u);
}

TEST_F(AdminAuth, AViewerIsRefusedEveryChangeAndReadsEverything) {
  auto s = server->login("vera");
  for (auto& r : admin::kRoutes) {
    if (r.need == admin::Need::none || r.handler == "logout") continue;
    auto reply = http(server->port(), std::string(r.method), path_of(r), "{}", s.headers());
    if (is_change(r)) {
      EXPECT_EQ(reply.status, 403) << r.method << " " << r.pattern << ": " << reply.body;
    } else {
      EXPECT_NE(reply.status, 403) << r.method << " " << r.pattern << ": " << reply.body;
      EXPECT_NE(reply.status, 401) << r.method << " " << r.pattern;
    }
  }
}

TEST_F(AdminAuth, AnOperatorCannotManageAdminsOrTokens) {
  auto s = server->login("oscar");
  for (auto& r : admin::kRoutes) {
    if (r.need != admin::Need::owner) continue;
    auto reply = http(server->port(), std::string(r.method), path_of(r), "{}", s.headers());
    EXPECT_EQ(reply.status, 403) << r.method << " " << r.pattern << ": " << reply.body;
  }
}

TEST_F(AdminAuth, LogoutEndsTheSession) {
  auto s = server->login("oscar");
  EXPECT_EQ(server->send("POST", "/v1/admin/logout", "", s).status, 200);
  EXPECT_EQ(server->get("/v1/admin/me", s).status, 401);
}

TEST_F(AdminAuth, ApiTokensWorkWithoutCsrfAndCarryTheirRole) {
  auto owner = server->login("olivia");
  auto viewer_token = server->token(owner, "viewer");
  auto operator_token = server->token(owner, "operator");
  auto bearer = [](const std::string& t) {
    return std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer " + t}};
  };
  EXPECT_EQ(http(server->port(), "GET", "/v1/admin/plugins", {}, bearer(viewer_token)).status, 200);
  EXPECT_EQ(
      http(server->port(), "POST", "/v1/admin/users/u_x/ban", "", bearer(viewer_token)).status,
      403);
  // An operator token changes things, with no cookie and no CSRF header (404: no such user).
  EXPECT_EQ(
      http(server->port(), "POST", "/v1/admin/users/u_x/ban", "", bearer(operator_token)).status,
      404);
  EXPECT_EQ(http(server->port(), "GET", "/v1/admin/me", {}, bearer("sbat_nope_nope")).status, 401);
  // The list shows tokens without their secrets.
  auto list = server->get("/v1/admin/tokens", owner);
  EXPECT_EQ(list.json().at("tokens").as_array().size(), 2u);
  EXPECT_EQ(list.body.find(viewer_token.substr(viewer_token.rfind('_') + 1)), std::string::npos);
  // Revoked: refused at once.
  auto id = std::string(list.json().at("tokens").at(0).at("id").as_string());
  EXPECT_EQ(server->send("DELETE", "/v1/admin/tokens/" + id, "", owner).status, 200);
  EXPECT_EQ(http(server->port(), "GET", "/v1/admin/me", {}, bearer(viewer_token)).status, 401);
}

TEST_F(AdminAuth, AnExpiredTokenIsRefused) {
  auto owner = server->login("olivia");
  auto token = server->token(owner, "viewer");
  auto bearer =
      std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer " + token}};
  ASSERT_EQ(http(server->port(), "GET", "/v1/admin/me", {}, bearer).status, 200);
  // Age the token in the account file; the server re-reads the file when it changes.
  auto path = server->data_dir() + "/admin/admins.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = json::parse(text.str()).as_object();
  doc["tokens"].as_array().at(0).as_object()["expires_ms"] = 1000;
  std::ofstream(path + ".new") << json::serialize(doc);
  std::filesystem::rename(path + ".new", path);
  auto r = http(server->port(), "GET", "/v1/admin/me", {}, bearer);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("expired"), std::string::npos) << r.body;
}

TEST_F(AdminAuth, TokenBadInputNamesTheField) {
  auto owner = server->login("olivia");
  EXPECT_EQ(server
                ->send("POST", "/v1/admin/tokens",
                       R"({"name":"x","role":"boss","expires_in_days":1})", owner)
                .field(),
            "role");
  EXPECT_EQ(server
                ->send("POST", "/v1/admin/tokens",
                       R"({"name":"x","role":"viewer","expires_in_days":0})", owner)
                .field(),
            "expires_in_days");
  EXPECT_EQ(
      server->send("POST", "/v1/admin/tokens", R"({"role":"viewer","expires_in_days":3})", owner)
          .field(),
      "name");
}

TEST_F(AdminAuth, NobodyRemovesOrDemotesThemselvesOrTheLastOwner) {
  auto owner = server->login("olivia");
  auto r = server->send("DELETE", "/v1/admin/admins/olivia", "", owner);
  EXPECT_EQ(r.status, 409) << r.body;
  r = server->send("PUT", "/v1/admin/admins/olivia", R"({"role":"viewer"})", owner);
  EXPECT_EQ(r.status, 409) << r.body;
  // A second owner may demote the first; then the second is the last owner.
  ASSERT_EQ(server
                ->send("POST", "/v1/admin/admins",
                       R"({"name":"otto","role":"owner","password":"another long one"})", owner)
                .status,
            201);
  auto otto = server->login("otto", "another long one");
  ASSERT_EQ(server->send("PUT", "/v1/admin/admins/olivia", R"({"role":"operator"})", otto).status,
            200);
  // Olivia's session now carries operator rights: the demotion applies at once.
  EXPECT_EQ(server->send("DELETE", "/v1/admin/admins/vera", "", owner).status, 403);
  // The CLI refuses to remove the last owner too.
  auto cli = server->admin_cli("remove otto");
  EXPECT_NE(cli.code, 0);
  EXPECT_NE(cli.err.find("last owner"), std::string::npos) << cli.err;
  EXPECT_EQ(server->send("DELETE", "/v1/admin/admins/vera", "", otto).status, 200);
}

TEST_F(AdminAuth, AdminBadInputNamesTheField) {
  auto owner = server->login("olivia");
  EXPECT_EQ(server
                ->send("POST", "/v1/admin/admins",
                       R"({"name":"a b","role":"viewer","password":"long enough pw"})", owner)
                .field(),
            "name");
  EXPECT_EQ(server
                ->send("POST", "/v1/admin/admins",
                       R"({"name":"ab","role":"king","password":"long enough pw"})", owner)
                .field(),
            "role");
  EXPECT_EQ(server
                ->send("POST", "/v1/admin/admins",
                       R"({"name":"ab","role":"viewer","password":"short"})", owner)
                .field(),
            "password");
  EXPECT_EQ(server
                ->send("POST", "/v1/admin/admins",
                       R"({"name":"vera","role":"viewer","password":"long enough pw"})", owner)
                .status,
            409);
  EXPECT_EQ(server->send("PUT", "/v1/admin/admins/vera", R"({"role":5})", owner).field(), "role");
}

TEST_F(AdminAuth, TheCliListsAndChangesPasswords) {
  auto list = server->admin_cli("list");
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("olivia\towner"), std::string::npos) << list.out;
  auto s = server->login("vera");
  auto pw = server->admin_cli("passwd vera");
  ASSERT_EQ(pw.code, 0) << pw.err;
  auto at = pw.out.find("shown once");
  ASSERT_NE(at, std::string::npos) << pw.out;
  auto line = pw.out.substr(pw.out.find(": ", at) + 2);
  auto password = line.substr(0, line.find('\n'));
  EXPECT_EQ(password.size(), 20u);
  EXPECT_NO_THROW(server->login("vera", password));
  EXPECT_THROW(server->login("vera"), std::runtime_error);
  // The session from before the change ended with it.
  EXPECT_EQ(server->get("/v1/admin/me", s).status, 401);
  auto bad = server->admin_cli("add x --role emperor --password-stdin", "long enough password\n");
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.err.find("role"), std::string::npos);
}

TEST(AdminPublicOnly, ThePublicListenerRefusesTheAdminApiAndUi) {
  AdminServer server("", {{"SB_SERVER__PUBLIC_ONLY", "true"}});
  server.add_admin("olivia", "owner");
  auto r = http(server.port(), "POST", "/v1/admin/login",
                R"({"name":"olivia","password":"correct horse battery"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("public_only"), std::string::npos);
  EXPECT_EQ(http(server.port(), "GET", "/admin/").status, 403);
  EXPECT_EQ(http(server.port(), "GET", "/v1/admin/openapi.json").status, 403);
  // The messaging side is unaffected.
  EXPECT_EQ(http(server.port(), "GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace sb::test
