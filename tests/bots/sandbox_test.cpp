// SPDX-License-Identifier: Apache-2.0
// Hostile scripts: a runaway loop (also behind pcall or in coroutines), a memory bomb, a syntax
// error and a script that never finishes its first run are contained, counted, disabled and
// reported, while the other bots keep answering; every sandbox escape fails.
#include <gmock/gmock.h>

#include <lua.hpp>

#include "bots_fixture.hpp"

namespace sb::bots::test {
namespace {

using ::testing::HasSubstr;

// Real Lua 5.4 bytecode for `return "escaped"`, as a Lua string literal.
std::string bytecode_literal() {
  lua_State* L = luaL_newstate();
  luaL_loadstring(L, "return 'escaped'");
  std::string bytes;
  lua_dump(
      L,
      [](lua_State*, const void* p, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(static_cast<const char*>(p), n);
        return 0;
      },
      &bytes, 0);
  lua_close(L);
  std::string lit = "\"";
  for (unsigned char c : bytes) lit += "\\" + std::to_string(c);
  return lit + "\"";
}

TEST_F(BotsTest, RunawayLoopIsStoppedAndTheOthersKeepAnswering) {
  auto& alice = login(1);
  tell(alice, "loop", "spin");
  tell(alice, "echo", "still here?");
  EXPECT_EQ(reply_text(alice, "echo"), "still here?");
  wait_listed(alice, "loop", [](const json::object& b) {
    return b.at("failures") == 1 &&
           std::string(b.at("error").as_string()).find("instruction budget") != std::string::npos;
  });
  // pcall cannot swallow the stop.
  tell(alice, "pcall_loop", "spin");
  wait_listed(alice, "pcall_loop", [](const json::object& b) { return b.at("failures") == 1; });
  // Nor can a coroutine.
  tell(alice, "co_loop", "spin");
  wait_listed(alice, "co_loop", [](const json::object& b) { return b.at("failures") == 1; });
  tell(alice, "echo", "and now?");
  EXPECT_EQ(reply_text(alice, "echo"), "and now?");
}

TEST_F(BotsTest, MemoryBombIsStoppedAndTheOthersKeepAnswering) {
  auto& alice = login(1);
  tell(alice, "bomb", "boom");
  tell(alice, "echo", "alive");
  EXPECT_EQ(reply_text(alice, "echo"), "alive");
  wait_listed(alice, "bomb", [](const json::object& b) {
    return b.at("failures") == 1 &&
           std::string(b.at("error").as_string()).find("memory cap") != std::string::npos;
  });
}

TEST_F(BotsTest, RepeatedFailuresDisableTheBotAndShowInHealth) {
  auto& alice = login(1);
  EXPECT_EQ(bots_health().at("state"), "degraded");  // broken and spin are refused
  for (int i = 0; i < 3; ++i) tell(alice, "loop", "spin");
  wait_listed(alice, "loop", [](const json::object& b) { return b.at("state") == "disabled"; });
  auto entry = listed(alice, "loop");
  EXPECT_THAT(std::string(entry.at("error").as_string()), HasSubstr("3 consecutive failures"));
  auto health = bots_health();
  EXPECT_EQ(health.at("state"), "degraded");
  EXPECT_THAT(std::string(health.at("reason").as_string()), HasSubstr("bot loop disabled"));
  // A disabled bot still drains its inbox, runs nothing; the others answer.
  tell(alice, "loop", "anyone?");
  tell(alice, "echo", "ok");
  EXPECT_EQ(reply_text(alice, "echo"), "ok");
}

TEST_F(BotsTest, SyntaxErrorIsRefusedWithFileAndLine) {
  auto& alice = login(1);
  auto broken = listed(alice, "broken");
  EXPECT_EQ(broken.at("state"), "refused");
  EXPECT_THAT(std::string(broken.at("error").as_string()), HasSubstr("broken.lua:4:"));
  auto spin = listed(alice, "spin");
  EXPECT_EQ(spin.at("state"), "refused");
  EXPECT_THAT(std::string(spin.at("error").as_string()), HasSubstr("instruction budget"));
  auto health = bots_health();
  EXPECT_THAT(std::string(health.at("reason").as_string()), HasSubstr("bot broken refused"));
  tell(alice, "echo", "fine");
  EXPECT_EQ(reply_text(alice, "echo"), "fine");
}

TEST_F(BotsTest, SandboxEscapesFail) {
  write_script("escape", R"lua(
local bytecode = )lua" + bytecode_literal() +
                             R"lua(
local attempts = {
  io_open = function() return io.open("/etc/passwd") end,
  io_global = function() return io.write("x") end,
  os_execute = function() return os.execute("true") end,
  os_getenv = function() return assert(os.getenv("HOME")) end,
  os_remove = function() return os.remove("/tmp/nothing-here") end,
  os_exit = function() return os.exit(1) end,
  require = function() return require("os") end,
  package = function() return package.loadlib("libc.so.6", "system") end,
  dofile = function() return dofile("/etc/passwd") end,
  loadfile = function() return loadfile("/etc/passwd") end,
  string_dump = function() return string.dump(function() end) end,
  string_meta_dump = function() return getmetatable("").__index.dump(print) end,
  load_bytecode = function() return assert(load(bytecode))() end,
  load_bytecode_mode_b = function() return assert(load(bytecode, "x", "b"))() end,
  load_bytecode_reader = function()
    local done = false
    return assert(load(function() if done then return nil end done = true return bytecode end))()
  end,
  debug = function() return debug.getinfo(1) end,
  collectgarbage = function() return collectgarbage("stop") end,
}
sb.on("message", function(msg)
  local results = {}
  for name, attempt in pairs(attempts) do results[name] = (pcall(attempt)) end
  results.text_load_works = pcall(function() assert(load("return 1 + 1")() == 2) end)
  results.os_time_works = pcall(function() assert(os.time() > 0 and os.date("%Y") and os.clock()) end)
  sb.reply(msg, { results = results })
end)
)lua");
  auto& alice = login(1);
  wait_listed(alice, "escape", [](const json::object& b) { return b.at("state") == "running"; });
  tell(alice, "escape", "try");
  auto m = next_from(alice, "escape");
  ASSERT_FALSE(m.empty());
  auto& results = m.at("body").at("results").as_object();
  EXPECT_EQ(results.size(), 19u) << json::serialize(results);
  for (auto& [name, ok] : results) {
    bool allowed = name == "text_load_works" || name == "os_time_works";
    EXPECT_EQ(ok, allowed) << name;
  }
}

}  // namespace
}  // namespace sb::bots::test
