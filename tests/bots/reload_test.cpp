// SPDX-License-Identifier: Apache-2.0
// Hot reload: a new script becomes a bot, a changed one reloads alone and keeps its kv
// data, a broken change keeps the running version, a removed one stops.
#include <gmock/gmock.h>

#include <thread>

#include "bots_fixture.hpp"

namespace sb::bots::test {
namespace {

using ::testing::HasSubstr;

std::string counter(const std::string& prefix) {
  return "sb.name = 'Counter'\n"
         "sb.on('message', function(msg)\n"
         "  local n = (sb.kv.get('count') or 0) + 1\n"
         "  sb.kv.set('count', n)\n"
         "  sb.reply(msg, '" +
         prefix +
         " ' .. n)\n"
         "end)\n";
}

TEST_F(BotsTest, ReloadKeepsKvData) {
  auto& alice = login(1);
  write_script("counter", counter("v1"));
  wait_listed(alice, "counter", [](const json::object& b) { return b.at("state") == "running"; });
  tell(alice, "counter", "+1");
  EXPECT_EQ(reply_text(alice, "counter"), "v1 1");
  tell(alice, "counter", "+1");
  EXPECT_EQ(reply_text(alice, "counter"), "v1 2");

  auto loaded = listed(alice, "counter").at("loaded_ms");
  write_script("counter", counter("v2"));
  wait_listed(alice, "counter", [&](const json::object& b) { return b.at("loaded_ms") != loaded; });
  tell(alice, "counter", "+1");
  EXPECT_EQ(reply_text(alice, "counter"), "v2 3");
  // The other bots were not touched.
  EXPECT_EQ(listed(alice, "echo").at("state"), "running");
  tell(alice, "echo", "hi");
  EXPECT_EQ(reply_text(alice, "echo"), "hi");
}

TEST_F(BotsTest, BrokenChangeKeepsTheRunningVersion) {
  auto& alice = login(1);
  write_script("echo", "sb.name = 'Echo'\nsb.on('message', function(msg)\n  sb.reply(msg, (\n");
  wait_listed(alice, "echo", [](const json::object& b) {
    return b.contains("error") &&
           std::string(b.at("error").as_string()).find("echo.lua:") != std::string::npos;
  });
  EXPECT_EQ(listed(alice, "echo").at("state"), "running");
  tell(alice, "echo", "still the old one");
  EXPECT_EQ(reply_text(alice, "echo"), "still the old one");
  // Fixed: it loads.
  write_script(
      "echo",
      "sb.name = 'Echo'\nsb.on('message', function(msg) sb.reply(msg, 'new ' .. msg.text) end)\n");
  wait_listed(alice, "echo", [](const json::object& b) { return !b.contains("error"); });
  tell(alice, "echo", "x");
  EXPECT_EQ(reply_text(alice, "echo"), "new x");
}

TEST_F(BotsTest, ScriptChangeReenablesADisabledBot) {
  auto& alice = login(1);
  for (int i = 0; i < 3; ++i) tell(alice, "loop", "spin");
  wait_listed(alice, "loop", [](const json::object& b) { return b.at("state") == "disabled"; });
  write_script("loop", "sb.on('message', function(msg) sb.reply(msg, 'fixed') end)\n");
  wait_listed(alice, "loop", [](const json::object& b) { return b.at("state") == "running"; });
  tell(alice, "loop", "hi");
  EXPECT_EQ(reply_text(alice, "loop"), "fixed");
}

TEST_F(BotsTest, RemovedScriptStopsItsBot) {
  auto& alice = login(1);
  std::filesystem::remove(scripts / "echo.lua");
  auto until = std::chrono::steady_clock::now() + 5s;
  while (!listed(alice, "echo").empty() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(listed(alice, "echo").empty());
  tell(alice, "echo", "anyone?");
  EXPECT_EQ(reply_text(alice, "echo", 500ms), "<none>");
}

}  // namespace
}  // namespace sb::bots::test
