// SPDX-License-Identifier: Apache-2.0
// ChatListStore: per user and chat, the newest message, the user's read mark and an unread
// count; what a client draws its chat list from. Kept apart from the message tables and fed
// from message.accepted and message.read. Called from core workers; may block; throws
// StoreError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

struct ChatActivity {
  std::string chat{};
  std::string msg_id{};
  std::int64_t seq = 0;
  std::string from_user{};
  std::int64_t ts = 0;
};

struct ChatListEntry {
  std::string chat{};
  std::string last_msg_id{};
  std::int64_t last_seq = 0;
  std::string last_from{};
  std::int64_t last_ts = 0;
  std::int64_t read_seq = 0;
  std::int64_t unread = 0;
};

class ChatListStore {
 public:
  static constexpr std::string_view service_name = "chat-list-store";
  virtual ~ChatListStore() = default;

  // The message is the chat's newest for each of `users` (an older seq than the one held
  // changes nothing). For the sender it also marks the chat read up to it; for the others it
  // counts one more unread.
  virtual void record_message(const ChatActivity& message,
                              const std::vector<std::string>& users) = 0;
  // The user read the chat up to `upto_seq` (a lower mark than the one held changes nothing).
  // The unread count drops to what can still lie above the mark.
  virtual void record_read(const std::string& user, const std::string& chat,
                           std::int64_t upto_seq) = 0;
  // The user's chats, newest activity first, at most `limit`.
  virtual std::vector<ChatListEntry> chat_list(const std::string& user, std::size_t limit) = 0;
};

}  // namespace sb
