// SPDX-License-Identifier: Apache-2.0
// Keeps the chat list (ChatListStore) from the events the message path already publishes,
// so it needs nothing from the message tables: message.accepted moves a chat up, message.read
// moves the reader's mark and tells every device of the reader (read-mark sync).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <switchboard/bus.hpp>

namespace sb::core {

class Engine;

// Observers of message.accepted and message.read; they stop when the handles go.
std::vector<Subscription> observe_chat_activity(Engine& e, Bus& bus);

// The `chat.read` event: the user's mark in `chat` moved to `upto_seq` (on any device).
std::string chat_read_event(const std::string& chat, std::int64_t upto_seq, std::int64_t ts);

}  // namespace sb::core
