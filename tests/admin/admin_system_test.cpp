// SPDX-License-Identifier: Apache-2.0
// The kernel through the admin API: plugin instances with config and schema, a live config
// change (a wrong value names the key; a plugin that cannot reload answers 409) kept across
// SIGHUP and restart, the wiring graph, the dashboard with a history of every figure, and the
// built UI served at /admin without escaping ui_dir.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "admin_server.hpp"
#include "raw_ws.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

class AdminSystem : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<AdminServer>();
    server->add_admin("olivia", "owner");
    owner = server->login("olivia");
  }
  json::object plugin(const std::string& id) {
    auto doc = server->get("/v1/admin/plugins", owner).json();
    for (auto& p : doc.at("plugins").as_array())
      if (str(p.at("id")) == id) return p.as_object();
    return {};
  }
  std::unique_ptr<AdminServer> server;
  AdminSession owner;
};

TEST_F(AdminSystem, PluginsShowManifestHealthConfigAndSchema) {
  auto store = plugin("store");
  ASSERT_FALSE(store.empty());
  EXPECT_EQ(store.at("plugin"), "store-sqlite");
  EXPECT_EQ(store.at("kind"), "store");
  EXPECT_EQ(store.at("health"), "ok");
  EXPECT_FALSE(str(store.at("abi")).empty());
  auto admin = plugin("admin");
  EXPECT_EQ(admin.at("config").at("sample_interval_s"), 1);
  bool found = false;
  for (auto& k : admin.at("schema").as_array())
    if (k.at("key") == "session_idle_minutes") {
      found = true;
      EXPECT_EQ(k.at("type"), "integer");
      EXPECT_EQ(k.at("min"), 1.0);
    }
  EXPECT_TRUE(found);
}

TEST_F(AdminSystem, AConfigChangeIsValidatedThenAppliedLive) {
  auto put = [&](const std::string& id, const std::string& config) {
    return server->send("PUT", "/v1/admin/plugins/" + id + "/config", "{\"config\":" + config + "}",
                        owner);
  };
  auto r = put("admin", R"({"session_idle_minutes": 0})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.field(), "session_idle_minutes");
  r = put("admin", R"({"session_idle_minutes": "soon"})");
  EXPECT_EQ(r.field(), "session_idle_minutes");
  r = put("admin", R"({"no_such_key": 1})");
  EXPECT_EQ(r.field(), "no_such_key") << r.body;
  EXPECT_EQ(server->send("PUT", "/v1/admin/plugins/admin/config", R"({"config":5})", owner).field(),
            "config");
  EXPECT_EQ(put("nope", "{}").status, 404);
  // A valid change: applied through the plugin's reload, visible at once.
  r = put("admin", json::serialize(json::object{{"ui_dir", server->dir().path() + "/ui"},
                                                {"sample_interval_s", 1},
                                                {"login_failures_per_account", 9}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("applied"), true);
  EXPECT_EQ(plugin("admin").at("config").at("login_failures_per_account"), 9);
  // What this plugin cannot change while it runs is refused, and the running config stays.
  r = put("admin", R"({"history_minutes": 5})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(plugin("admin").at("config").at("history_minutes"), 60);
  // A plugin without live reload at all.
  r = put("store", "{}");
  EXPECT_TRUE(r.status == 409 || r.status == 200) << r.body;
}

TEST_F(AdminSystem, AConfigChangeOutlivesSighupAndRestart) {
  auto change = json::object{{"ui_dir", server->dir().path() + "/ui"},
                             {"sample_interval_s", 1},
                             {"login_failures_per_account", 9}};
  auto r = server->send("PUT", "/v1/admin/plugins/admin/config",
                        json::serialize(json::object{{"config", change}}), owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("kept"), true);
  auto overrides = server->data_dir() + "/config-overrides.toml";
  ASSERT_TRUE(std::filesystem::exists(overrides));
  auto failures = [&] { return plugin("admin").at("config").at("login_failures_per_account"); };

  ASSERT_TRUE(server->hangup()) << server->err();
  EXPECT_EQ(failures(), 9);
  server->restart();
  owner = server->login("olivia");
  EXPECT_EQ(failures(), 9);

  // A mistake in the overrides file is refused with its file:line and key, like the main
  // file's; the running config stays.
  {
    std::ofstream out(overrides, std::ios::app);
    out << "\n[plugin.groups]\nno_such_key = 1\n";
  }
  EXPECT_FALSE(server->hangup());
  EXPECT_NE(server->err().find("config-overrides.toml:"), std::string::npos) << server->err();
  EXPECT_NE(server->err().find("no_such_key"), std::string::npos);
  EXPECT_EQ(failures(), 9);
}

TEST_F(AdminSystem, WiringListsEventsWithHandlersInOrder) {
  auto r = server->get("/v1/admin/wiring", owner);
  ASSERT_EQ(r.status, 200);
  bool group_policy = false;
  auto doc = r.json();
  for (auto& e : doc.at("events").as_array())
    for (auto& h : e.at("handlers").as_array())
      if (h.at("instance") == "groups" && h.at("mode") == "interceptor") {
        group_policy = true;
        EXPECT_TRUE(h.as_object().contains("deadline_ms"));
        EXPECT_TRUE(h.at("failure_mode") == "open" || h.at("failure_mode") == "closed");
      }
  EXPECT_TRUE(group_policy) << r.body;
}

TEST_F(AdminSystem, TheDashboardCountsMessagesAndKeepsHistory) {
  auto alice = server->user(1);
  auto bob = server->user(2);
  e2e::RawWs a(server->port(), alice.access_token), b(server->port(), bob.access_token);
  ASSERT_TRUE(a.open() && b.open());
  for (int i = 0; i < 5; ++i)
    a.send_text(json::serialize(json::object{{"id", i},
                                             {"op", "send"},
                                             {"to", json::object{{"user", bob.id}}},
                                             {"client_msg_id", "m" + std::to_string(i)},
                                             {"body", json::object{{"text", "hi"}}}}));
  json::object figures;
  ASSERT_TRUE(eventually([&] {
    figures = server->get("/v1/admin/dashboard", owner).json().at("figures").as_object();
    return figures.at("online_users").to_number<double>() == 2 &&
           figures.at("connections").as_object().contains("websocket");
  })) << json::serialize(figures);
  bool moved = eventually([&] {
    auto d = server->get("/v1/admin/dashboard", owner).json().as_object();
    for (auto& p : d.at("history").at("messages_per_s").as_array())
      if (p.at(1).to_number<double>() > 0) return true;
    return false;
  });
  EXPECT_TRUE(moved);
  auto d = server->get("/v1/admin/dashboard", owner).json().as_object();
  EXPECT_TRUE(d.at("figures").as_object().contains("latency_ms"));
  EXPECT_TRUE(d.at("figures").as_object().contains("store_queue"));
  EXPECT_TRUE(d.at("figures").at("push").as_object().contains("failed"));
  EXPECT_GE(d.at("history").at("online_users").as_array().size(), 2u);
  // Every figure has its history, each point [t_ms, value] at a sample's time; a transport's
  // series starts with its first session, so wait (bounded) for its second sample.
  ASSERT_TRUE(eventually([&] {
    d = server->get("/v1/admin/dashboard", owner).json().as_object();
    return d.at("history").at("connections.websocket").as_array().size() >= 2;
  }));
  auto& history = d.at("history").as_object();
  for (auto name : {"connections", "connections.websocket", "online_users", "messages_per_s",
                    "deliveries_per_s", "latency_ms.p50", "latency_ms.p95", "latency_ms.p99",
                    "store_queue", "push.sent", "push.failed"}) {
    ASSERT_TRUE(history.contains(name)) << name << ": " << json::serialize(history);
    auto& points = history.at(name).as_array();
    ASSERT_GE(points.size(), 2u) << name;
    EXPECT_LE(points.back().at(0).to_number<std::int64_t>(), d.at("now").to_number<std::int64_t>());
  }
  EXPECT_EQ(history.at("connections.websocket").as_array().back().at(1), 2);
  // Per handler: latency and errors over each interval, for a handler the sends ran.
  std::size_t handler_series = 0;
  for (auto& [name, points] : history)
    if (name.starts_with("handlers.") && (name.ends_with(".p95_ms") || name.ends_with(".errors")))
      ++handler_series;
  EXPECT_GE(handler_series, 2u) << json::serialize(history);
}

TEST_F(AdminSystem, TheUiIsServedWithTypesAndClientRoutes) {
  auto index = http(server->port(), "GET", "/admin/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("<div id=app>"), std::string::npos);
  EXPECT_FALSE(index.header("content-security-policy").empty());
  EXPECT_EQ(http(server->port(), "GET", "/admin").status, 308);
  auto js = http(server->port(), "GET", "/admin/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(http(server->port(), "GET", "/admin/assets/app.css").header("content-type"),
            "text/css; charset=utf-8");
  // A client-side route gets index.html; a missing asset is a 404.
  EXPECT_EQ(http(server->port(), "GET", "/admin/users/u_123").body, index.body);
  EXPECT_EQ(http(server->port(), "GET", "/admin/assets/missing.js").status, 404);
  // A directory is never listed.
  EXPECT_EQ(http(server->port(), "GET", "/admin/assets/").body, index.body);
}

TEST_F(AdminSystem, NoPathLeavesUiDir) {
  for (std::string path : {"/admin/../secret.txt", "/admin/%2e%2e/secret.txt",
                           "/admin/assets/%2e%2e/%2e%2e/secret.txt", "/admin/..%2fsecret.txt",
                           "/admin/.%2e/secret.txt", "/admin/%2e%2e%5csecret.txt",
                           "/admin/assets/..%2f..%2fsecret.txt"}) {
    auto r = http(server->port(), "GET", path);
    EXPECT_EQ(r.body.find("not for clients"), std::string::npos) << path;
  }
  EXPECT_EQ(http(server->port(), "GET", "/admin/.hidden").status, 404);
}

}  // namespace
}  // namespace sb::test
