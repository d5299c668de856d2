// SPDX-License-Identifier: Apache-2.0
// See bots_fixture.hpp. The hostile scripts live here so every test's server has them:
// they only act when messaged, and the broken ones show in bots.list.
#include "bots_fixture.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace sb::bots::test {

namespace fs = std::filesystem;

namespace {

// Scripts that must not hurt anyone. With the license line on top, broken.lua's error is on
// line 4.
const std::pair<const char*, const char*> kHostile[] = {
    {"loop", "sb.on('message', function(msg) while true do end end)\n"},
    {"pcall_loop",
     "sb.on('message', function(msg)\n"
     "  while true do pcall(function() while true do end end) end\n"
     "end)\n"},
    {"co_loop",
     "sb.on('message', function(msg)\n"
     "  while true do coroutine.resume(coroutine.create(function() while true do end end)) end\n"
     "end)\n"},
    {"bomb",
     "hoard = {}\n"
     "sb.on('message', function(msg)\n"
     "  while true do hoard[#hoard + 1] = string.rep('x', 65536) .. #hoard end\n"
     "end)\n"},
    {"broken", "-- a script with a syntax error\nsb.name = 'Broken'\nlocal x = = 1\n"},
    {"spin", "while true do end\n"},
};

}  // namespace

std::string text_of(const json::object& message) {
  auto* body = message.if_contains("body");
  if (!body || !body->is_object()) return {};
  auto* t = body->as_object().if_contains("text");
  return t && t->is_string() ? std::string(t->as_string()) : std::string();
}

void BotsTest::SetUp() {
  std::string tmpl = (fs::temp_directory_path() / "sb-bots-XXXXXX").string();
  ASSERT_TRUE(::mkdtemp(tmpl.data()));
  scripts = tmpl;
  for (auto& entry : fs::directory_iterator(fs::path(SB_SOURCE_DIR) / "scripts" / "bots"))
    if (entry.path().extension() == ".lua")
      fs::copy_file(entry.path(), scripts / entry.path().filename());
  for (auto& [name, code] : kHostile) write_script(name, code);
  add_scripts();
  ChatTest::SetUp();
}

void BotsTest::TearDown() {
  ChatTest::TearDown();
  std::error_code ec;
  fs::remove_all(scripts, ec);
}

std::string BotsTest::extra_config() const {
  return "[plugin.bots]\nuse = \"bots-lua\"\ndir = \"" + scripts.string() +
         "\"\ninstruction_budget = 200000\nmemory_kib = 2048\nmax_failures = 3\n"
         "reload_poll_ms = 100\nhttp_allow = [\"127.0.0.1\"]\nhttp_timeout_ms = 2000\n";
}

void BotsTest::write_script(const std::string& name, const std::string& code) {
  // Written aside and renamed, so the poll never sees half a file.
  auto tmp = scripts / ("." + name + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << "-- SPDX-License-Identifier: Apache-2.0\n" << code;
  }
  fs::rename(tmp, scripts / (name + ".lua"));
}

void BotsTest::tell(Client& from, const std::string& bot, const std::string& text) {
  auto r = from.request({{"op", "send"},
                         {"to", {{"user", "bot:" + bot}}},
                         {"client_msg_id", "t" + std::to_string(std::rand())},
                         {"enc", "none"},
                         {"body", {{"text", text}}}});
  EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
}

json::object BotsTest::next_from(Client& to, const std::string& bot,
                                 std::chrono::milliseconds wait) {
  auto user = "bot:" + bot;
  auto f = to.link().take(
      [&](const json::object& o) {
        auto* ev = o.if_contains("ev");
        if (!ev || *ev != "message") return false;
        auto* from = o.if_contains("from");
        return from && from->is_object() && from->as_object().at("user") == user.c_str();
      },
      wait);
  if (!f) return {};
  if (auto* c = f->if_contains("cursor"); c && c->is_int64()) to.ack(c->as_int64());
  return *f;
}

std::string BotsTest::reply_text(Client& to, const std::string& bot,
                                 std::chrono::milliseconds wait) {
  auto m = next_from(to, bot, wait);
  return m.empty() ? std::string("<none>") : text_of(m);
}

json::object BotsTest::listed(Client& asker, const std::string& bot) {
  auto r = asker.request({{"op", "bots.list"}});
  EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
  if (auto* bots = r.if_contains("bots"); bots && bots->is_array())
    for (auto& b : bots->as_array())
      if (b.at("name") == bot.c_str()) return b.as_object();
  return {};
}

bool BotsTest::wait_listed(Client& asker, const std::string& bot,
                           const std::function<bool(const json::object&)>& pred,
                           std::chrono::milliseconds wait) {
  auto until = std::chrono::steady_clock::now() + wait;
  for (;;) {
    auto entry = listed(asker, bot);
    if (!entry.empty() && pred(entry)) return true;
    if (std::chrono::steady_clock::now() > until) {
      ADD_FAILURE() << "bots.list entry of " << bot << ": " << json::serialize(entry);
      return false;
    }
    std::this_thread::sleep_for(50ms);
  }
}

json::object BotsTest::bots_health() {
  Poco::Net::HTTPClientSession http("127.0.0.1", server->port());
  Poco::Net::HTTPRequest req("GET", "/readyz", Poco::Net::HTTPMessage::HTTP_1_1);
  http.sendRequest(req);
  Poco::Net::HTTPResponse res;
  std::ostringstream body;
  body << http.receiveResponse(res).rdbuf();
  auto v = json::parse(body.str());
  for (auto& p : v.at("plugins").as_array())
    if (p.at("id") == "bots") return p.at("health").as_object();
  return {};
}

}  // namespace sb::bots::test
