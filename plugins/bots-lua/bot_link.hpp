// SPDX-License-Identifier: Apache-2.0
// The bot's end of its protocol session: frames from the core go to the bot's thread.
#pragma once

#include <memory>
#include <string>

#include <switchboard/services/messaging.hpp>

#include "bot.hpp"

namespace bots_lua {

class BotLink final : public sb::ClientLink {
 public:
  explicit BotLink(std::weak_ptr<Bot> bot) : bot_(std::move(bot)) {}
  bool send(std::string frame) override {
    auto bot = bot_.lock();
    return bot && bot->deliver(std::move(frame));
  }
  void close(std::string_view reason) override {
    if (auto bot = bot_.lock()) bot->link_closed(std::string(reason));
  }

 private:
  std::weak_ptr<Bot> bot_;
};

}  // namespace bots_lua
