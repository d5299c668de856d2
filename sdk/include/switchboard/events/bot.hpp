// SPDX-License-Identifier: Apache-2.0
// Events for bots. Alpha: fields may still change within ABI major 1 minors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <switchboard/event.hpp>

namespace sb {

struct BotMessage {
  static constexpr std::string_view event_name = "bot.message";
  static constexpr std::string_view event_doc = "A bot sent a message (reply, send or timer).";
  std::string bot{};
  std::string chat{};
  json::value body{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(BotMessage, (), (bot, chat, body, ts))

}  // namespace sb
