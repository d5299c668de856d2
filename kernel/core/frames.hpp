// SPDX-License-Identifier: Apache-2.0
// The server's event frames (message, receipt, group, typing, presence, keys.low,
// session.revoked) as text, and the JSON stored in inboxes for receipts and group changes.
// Bodies stay serialized JSON end to end: a payload is never parsed again on the way out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <switchboard/json.hpp>
#include <switchboard/services/message_store.hpp>

namespace sb::core {

// Any inbox entry as the event a device receives, with its cursor.
std::string inbox_event(const InboxEntry& e);

// A message as `history` lists it (body spliced in raw).
std::string history_item(const StoredMessage& m);

// Appends `,"cursor":N}` in place of the closing brace of a stored event payload.
std::string with_cursor(std::string_view payload, std::int64_t cursor);

// The stored payload of a receipt (without cursor); `count` (0: left out) is how many
// messages a coalesced delivered receipt covers.
std::string receipt_payload(std::string_view type, std::string_view chat, std::string_view msg_id,
                            std::int64_t upto_seq, std::string_view by, std::int64_t ts,
                            std::int64_t count = 0);

std::string typing_event(std::string_view chat, std::string_view user, std::string_view state);
std::string keys_low_event(std::int64_t remaining);
std::string revoked_event(std::string_view reason);

// Direct chats are "d:<a>:<b>" with the two user ids sorted; groups "g:<group>".
std::string direct_chat(const std::string& a, const std::string& b);
std::string group_chat(const std::string& group);
// The other party of a direct chat that `user` is in; empty when `user` is not in it or the
// chat is not direct.
std::string direct_peer(std::string_view chat, std::string_view user);
// The group of a "g:" chat; empty otherwise.
std::string chat_group(std::string_view chat);

}  // namespace sb::core
