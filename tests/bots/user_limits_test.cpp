// SPDX-License-Identifier: Apache-2.0
// One user's input cannot switch a bot off for everyone: requests that run into a per-user
// limit (too many timers, a delay out of range) are refused without counting as the bot's
// failures, and a failed callback leaves nothing in sb.kv to poison the next start.
#include <gmock/gmock.h>

#include "bots_fixture.hpp"

namespace sb::bots::test {
namespace {

// The reminder as it was when "remind me in 9999h" disabled it: the pending entry is stored
// before sb.after refuses the delay, and every start schedules what is stored.
constexpr const char* kNaiveReminder = R"lua(
for id, r in pairs(sb.kv.get("pending") or {}) do
  sb.after(math.max(0, r.at - os.time()), function() end)
end
sb.on("message", function(msg)
  local n, unit = (msg.text or ""):match("^in (%d+)(%a)$")
  local delay = tonumber(n) * ({ s = 1, h = 3600 })[unit]
  local pending = sb.kv.get("pending") or {}
  pending[msg.id] = { at = os.time() + delay }
  sb.kv.set("pending", pending)
  sb.after(delay, function() sb.send(msg.from, "ding") end)
  sb.reply(msg, "ok")
end)
)lua";

class BotUserLimits : public BotsTest {
 protected:
  void add_scripts() override {
    write_script("naive", kNaiveReminder);
    write_script("timers", R"lua(
sb.on("message", function(msg)
  sb.after(60, function() end)
  sb.reply(msg, "scheduled")
end)
)lua");
  }
};

TEST_F(BotUserLimits, OutOfRangeRequestsFromOneUserDoNotDisableTheBotNorPoisonItsKv) {
  auto& mallory = login(1);
  auto& alice = login(2);
  // More than max_failures (3) in a row.
  for (int i = 0; i < 5; ++i) tell(mallory, "naive", "in 9999h");
  EXPECT_EQ(reply_text(mallory, "naive", 500ms), "<none>");
  tell(alice, "naive", "in 1s");
  EXPECT_EQ(reply_text(alice, "naive"), "ok");
  EXPECT_EQ(reply_text(alice, "naive"), "ding");
  auto entry = listed(alice, "naive");
  EXPECT_EQ(entry.at("state"), "running");
  EXPECT_EQ(entry.at("failures"), 0);
  // A fresh start runs the top level over what sb.kv holds: nothing of mallory's is there.
  write_script("naive", std::string(kNaiveReminder) + "-- changed\n");
  EXPECT_TRUE(wait_listed(alice, "naive", [&](const json::object& b) {
    return b.at("loaded_ms") != entry.at("loaded_ms") && b.at("state") == "running";
  }));
}

TEST_F(BotUserLimits, OneUsersTimersAreCappedAndOthersStillGetTheirs) {
  auto& mallory = login(1);
  auto& alice = login(2);
  int scheduled = 0;
  for (int i = 0; i < 25; ++i) {
    tell(mallory, "timers", "again");
    if (reply_text(mallory, "timers", 1s) == "scheduled") ++scheduled;
  }
  EXPECT_EQ(scheduled, 20);
  tell(alice, "timers", "mine");
  EXPECT_EQ(reply_text(alice, "timers"), "scheduled");
  EXPECT_EQ(listed(alice, "timers").at("state"), "running");
}

}  // namespace
}  // namespace sb::bots::test
