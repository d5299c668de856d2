// SPDX-License-Identifier: Apache-2.0
// Bots through the admin API (bots-lua's bot-control): list, source, an edit with a syntax
// error refused with its line while the old version keeps answering, a correct edit taking
// over, reload, enable and disable, and the recent log.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "admin_server.hpp"
#include "raw_ws.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;

const char* kEcho =
    "sb.name = \"Echo\"\nsb.on(\"message\", function(msg) sb.reply(msg, \"v1:\" .. (msg.text or "
    "\"\")) end)\n";

class AdminBots : public ::testing::Test {
 protected:
  void SetUp() override {
    bots_dir = std::filesystem::temp_directory_path() /
               ("sb-admin-bots-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(bots_dir);
    std::ofstream(bots_dir / "echo.lua") << kEcho;
    server = std::make_unique<AdminServer>("[plugin.bots]\nuse = \"bots-lua\"\ndir = \"" +
                                           bots_dir.string() + "\"\nreload_poll_ms = 0\n");
    server->add_admin("olivia", "owner");
    server->add_admin("vera", "viewer");
    owner = server->login("olivia");
  }
  void TearDown() override {
    server.reset();
    std::filesystem::remove_all(bots_dir);
  }
  // Sends `text` to bot:echo and returns the reply's text ("" when none within 5 s).
  std::string ask(e2e::RawWs& ws, const std::string& text) {
    static int n = 0;
    ++n;
    ws.send_text(json::serialize(json::object{{"id", n},
                                              {"op", "send"},
                                              {"to", json::object{{"user", "bot:echo"}}},
                                              {"client_msg_id", "q" + std::to_string(n)},
                                              {"body", json::object{{"text", text}}}}));
    for (int i = 0; i < 20; ++i) {
      auto m = ws.read(std::chrono::seconds(5));
      if (!m) return {};
      auto v = json::parse(*m).as_object();
      if (v.contains("cursor"))
        ws.send_text(json::serialize(json::object{{"op", "ack"}, {"cursor", v.at("cursor")}}));
      if (v.contains("ev") && v.at("ev") == "message" && v.at("from").at("user") == "bot:echo") {
        auto& body = v.at("body");
        if (body.is_object() && body.as_object().contains("text")) {
          auto t = std::string(body.at("text").as_string());
          if (t.find(text) != std::string::npos) return t;
        }
      }
    }
    return {};
  }
  std::filesystem::path bots_dir;
  std::unique_ptr<AdminServer> server;
  AdminSession owner;
};

TEST_F(AdminBots, ListAndSource) {
  auto list = server->get("/v1/admin/bots", owner);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().at("bots").as_array().size(), 1u);
  EXPECT_EQ(list.json().at("bots").at(0).at("name"), "echo");
  EXPECT_EQ(list.json().at("bots").at(0).at("healthy"), true);
  auto detail = server->get("/v1/admin/bots/echo", owner);
  EXPECT_EQ(detail.json().at("source"), kEcho);
  EXPECT_FALSE(detail.json().at("log").as_array().empty());
  EXPECT_EQ(server->get("/v1/admin/bots/nope", owner).status, 404);
}

TEST_F(AdminBots, ASyntaxErrorIsRefusedWithItsLineAndTheOldVersionKeepsRunning) {
  auto alice = server->user(1);
  e2e::RawWs ws(server->port(), alice.access_token);
  ASSERT_TRUE(ws.open());
  ASSERT_EQ(ask(ws, "one"), "v1:one");
  auto r = server->send(
      "PUT", "/v1/admin/bots/echo",
      json::serialize(json::object{
          {"source",
           "sb.name = \"Echo\"\n\nsb.on(\"message\", function(msg)\n  sb.reply(msg, \n end\n"}}),
      owner);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.field(), "source");
  EXPECT_GT(r.json().at("error").at("line").as_int64(), 0) << r.body;
  EXPECT_EQ(server->get("/v1/admin/bots/echo", owner).json().at("source"), kEcho);
  EXPECT_EQ(ask(ws, "two"), "v1:two");
  // A script that compiles but fails when it runs is refused too.
  r = server->send("PUT", "/v1/admin/bots/echo",
                   json::serialize(json::object{{"source", "error('boom at load')"}}), owner);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ask(ws, "three"), "v1:three");
  // A correct edit takes over.
  r = server->send("PUT", "/v1/admin/bots/echo",
                   json::serialize(json::object{{"source",
                                                 "sb.on(\"message\", function(msg) sb.reply(msg, "
                                                 "\"v2:\" .. (msg.text or \"\")) end)\n"}}),
                   owner);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ask(ws, "four"), "v2:four");
  auto audit = server->get("/v1/admin/audit?limit=3", owner).json().at("entries").as_array();
  EXPECT_EQ(audit.at(0).at("action"), "bot.source");
  EXPECT_EQ(audit.at(1).at("action"), "bot.source.refused");
}

TEST_F(AdminBots, DisableEnableAndReload) {
  auto alice = server->user(1);
  e2e::RawWs ws(server->port(), alice.access_token);
  ASSERT_TRUE(ws.open());
  ASSERT_EQ(server->send("POST", "/v1/admin/bots/echo/disable", "", owner).status, 200);
  EXPECT_EQ(server->get("/v1/admin/bots", owner).json().at("bots").at(0).at("enabled"), false);
  EXPECT_EQ(ask(ws, "quiet"), "");  // its 5 s wait ends the connection
  ASSERT_EQ(server->send("POST", "/v1/admin/bots/echo/enable", "", owner).status, 200);
  e2e::RawWs again(server->port(), alice.access_token);
  ASSERT_TRUE(again.open());
  EXPECT_EQ(ask(again, "loud"), "v1:loud");
  EXPECT_EQ(server->send("POST", "/v1/admin/bots/echo/reload", "", owner).status, 200);
  EXPECT_EQ(server->send("POST", "/v1/admin/bots/ghost/reload", "", owner).status, 404);
  auto viewer = server->login("vera");
  EXPECT_EQ(server->send("POST", "/v1/admin/bots/echo/disable", "", viewer).status, 403);
  EXPECT_EQ(server->send("PUT", "/v1/admin/bots/echo", R"({"source":"x"})", viewer).status, 403);
  EXPECT_EQ(server->send("PUT", "/v1/admin/bots/echo", R"({"src":"x"})", owner).field(), "source");
}

}  // namespace
}  // namespace sb::test
