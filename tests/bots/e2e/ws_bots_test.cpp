// SPDX-License-Identifier: Apache-2.0
// The example bots end to end: the real daemon (store-sqlite, policy-groups, bots-lua over
// scripts/bots) and people on the client library over WebSocket (and long-poll), on loopback.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "e2e_server.hpp"
#include "people.hpp"

namespace sb::e2e {
namespace {

using namespace std::chrono_literals;
using client::Event;
namespace json = client::json;
namespace fs = std::filesystem;

constexpr auto WS = client::TransportKind::websocket;
constexpr auto LP = client::TransportKind::longpoll;

ServerOptions with_bots(const std::string& dir) {
  auto o = ServerOptions::ws({}, CoreKind::real);
  o.extra = "[plugin.bots]\nuse = \"bots-lua\"\ndir = \"" + dir +
            "\"\ninstruction_budget = 200000\nmemory_kib = 2048\nmax_failures = 2\n";
  o.test_numbers = 4;
  return o;
}

std::string examples() {
  return (fs::path(SB_SOURCE_DIR) / "scripts" / "bots").string();
}

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool from_bot(const Event& e, const std::string& bot) {
  if (e.ev != "message") return false;
  auto* from = e.fields.if_contains("from");
  return from && from->is_object() && str(from->get_object(), "user") == "bot:" + bot;
}

// Waits for a message from bot:<bot> whose text contains `text`; its text, or "<none>".
std::string wait_bot(Person& p, const std::string& bot, const std::string& text,
                     std::chrono::milliseconds timeout = 10s) {
  auto e = p.wait_for(
      [&](const Event& e) {
        return from_bot(e, bot) && text_of(e).find(text) != std::string::npos;
      },
      timeout);
  return e.ev.empty() ? "<none>" : text_of(e);
}

TEST(BotsOverWebSocket, EchoAnswers) {
  Server server(with_bots(examples()));
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect()) << alice.client().last_error();
  auto sent = alice.say({{"user", "bot:echo"}}, "hello over websocket");
  ASSERT_TRUE(sent.ok) << sent.error_code << " " << sent.error_message;
  EXPECT_EQ(wait_bot(alice, "echo", "hello"), "hello over websocket");

  auto list = alice.call("bots.list");
  ASSERT_TRUE(list.ok) << list.error_code;
  int running = 0;
  for (auto& b : list.fields.at("bots").get_array())
    if (str(b.get_object(), "state") == "running") ++running;
  EXPECT_EQ(running, 4) << json::serialize(list.fields);
}

TEST(BotsOverWebSocket, FaqAnswersAGroupAcrossTransports) {
  Server server(with_bots(examples()));
  Person alice(server, 1, WS), bob(server, 2, LP);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  auto group =
      alice.call("group.create",
                 {{"name", "shop"}, {"members", json::array{json::string(bob.user()), "bot:faq"}}});
  ASSERT_TRUE(group.ok) << group.error_code << " " << group.error_message;
  auto id = str(group.fields, "group");
  EXPECT_NE(wait_bot(bob, "faq", "Ask me about"), "<none>");
  ASSERT_TRUE(alice.say({{"group", id}}, "How much does it cost?").ok);
  EXPECT_EQ(wait_bot(bob, "faq", "EUR"), "Plans start at 5 EUR a month.");
  EXPECT_EQ(wait_bot(alice, "faq", "EUR"), "Plans start at 5 EUR a month.");
}

TEST(BotsOverWebSocket, ReminderFires) {
  Server server(with_bots(examples()));
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(alice.say({{"user", "bot:reminder"}}, "remind me in 1s to stretch").ok);
  EXPECT_EQ(wait_bot(alice, "reminder", "OK"), "OK, I will remind you in 1s to stretch.");
  EXPECT_EQ(wait_bot(alice, "reminder", "Reminder:"), "Reminder: stretch");
}

TEST(BotsOverWebSocket, PollTalliesAGroup) {
  Server server(with_bots(examples()));
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  auto group = alice.call(
      "group.create",
      {{"name", "lunch"}, {"members", json::array{json::string(bob.user()), "bot:poll"}}});
  ASSERT_TRUE(group.ok);
  json::object to{{"group", str(group.fields, "group")}};
  ASSERT_TRUE(alice.say(to, "/poll Lunch? | pizza | sushi").ok);
  EXPECT_NE(wait_bot(bob, "poll", "Poll: Lunch?"), "<none>");
  ASSERT_TRUE(alice.say(to, "/vote 2").ok);
  EXPECT_NE(wait_bot(bob, "poll", "Vote for sushi"), "<none>");
  ASSERT_TRUE(bob.say(to, "/vote 2").ok);
  EXPECT_NE(wait_bot(alice, "poll", "Vote for sushi"), "<none>");
  ASSERT_TRUE(bob.say(to, "/tally").ok);
  EXPECT_EQ(wait_bot(alice, "poll", "(2 votes)"), "Lunch?\n1) pizza: 0\n2) sushi: 2\n(2 votes)");
}

TEST(BotsOverWebSocket, HostileBotsAreContainedWhileTheOthersAnswer) {
  test::TempDir scripts;
  for (auto& entry : fs::directory_iterator(examples()))
    fs::copy_file(entry.path(), fs::path(scripts.path()) / entry.path().filename());
  scripts.write("loop.lua", "sb.on('message', function() while true do end end)\n");
  scripts.write("bomb.lua",
                "hoard = {}\nsb.on('message', function()\n"
                "  while true do hoard[#hoard + 1] = string.rep('x', 65536) .. #hoard end\nend)\n");
  Server server(with_bots(scripts.path()));
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(alice.say({{"user", "bot:loop"}}, "spin").ok);
    ASSERT_TRUE(alice.say({{"user", "bot:bomb"}}, "boom").ok);
  }
  ASSERT_TRUE(alice.say({{"user", "bot:echo"}}, "still serving").ok);
  EXPECT_EQ(wait_bot(alice, "echo", "still"), "still serving");
  ASSERT_TRUE(eventually(
      [&] {
        auto r = test::http_get(server.port(), "/readyz");
        return r.body.find("bot bomb disabled") != std::string::npos &&
               r.body.find("bot loop disabled") != std::string::npos;
      },
      10s))
      << test::http_get(server.port(), "/readyz").body;
  EXPECT_EQ(test::http_get(server.port(), "/healthz").status, 200);
  ASSERT_TRUE(alice.say({{"user", "bot:echo"}}, "after").ok);
  EXPECT_EQ(wait_bot(alice, "echo", "after"), "after");
}

}  // namespace
}  // namespace sb::e2e
