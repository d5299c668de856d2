// SPDX-License-Identifier: Apache-2.0
// The bots-lua plugin's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/bot_control.hpp>
#include <switchboard/services/messaging.hpp>

#include "bots_plugin.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "bots-lua",
          .version = "1.0.0",
          .kind = "bots",
          .description =
              "Lua 5.4 bots: every *.lua in a folder is a bot account (bot:<name>) that people "
              "message and add to groups; sandboxed, with budgets, kv, timers, allow-listed "
              "HTTP and hot reload.",
          .provides = {std::string(sb::BotControl::service_name)},
          .requires_ = {std::string(sb::Messaging::service_name),
                        std::string(sb::AccountStore::service_name)},
          .consumes = {"server.started"},
          .intercepts = {{"message.submitted", 0}},
          .publishes = {"bot.message"},
          .schema = bots_lua::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, bots_lua::BotsPlugin)
