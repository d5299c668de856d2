// SPDX-License-Identifier: Apache-2.0
// The bot-control service (sdk services/bot_control.hpp) over the bots' folder: a source
// change is compiled first and written only when it compiles, and a script that fails when
// it runs is put back, so the running version stays in both cases.
#pragma once

#include <mutex>

#include <switchboard/services/bot_control.hpp>

namespace bots_lua {

class BotsPlugin;

class LuaBotControl final : public sb::BotControl {
 public:
  explicit LuaBotControl(BotsPlugin& plugin) : plugin_(plugin) {}

  std::vector<sb::BotInfo> bots() override;
  std::optional<sb::BotDetail> bot(const std::string& name) override;
  sb::BotChange put_source(const std::string& name, const std::string& source) override;
  sb::BotChange reload(const std::string& name) override;
  sb::BotChange set_enabled(const std::string& name, bool enabled) override;

  // A Lua syntax check without running anything: the error and its line, or nullopt.
  static std::optional<sb::BotChange> syntax_error(const std::string& name,
                                                   const std::string& source);

 private:
  BotsPlugin& plugin_;
  std::mutex edit_mutex_;  // one source change at a time
};

}  // namespace bots_lua
