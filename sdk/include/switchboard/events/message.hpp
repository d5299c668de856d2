// SPDX-License-Identifier: Apache-2.0
// Events on the message path: submitted (interceptable, before the store), accepted
// (durable), delivered, read, undelivered (no live device: push providers act on it). Stable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/event.hpp>

namespace sb {

struct MessageSubmitted {
  static constexpr std::string_view event_name = "message.submitted";
  static constexpr std::string_view event_doc =
      "A client sent a message; interceptors may veto (policy, rate limit, spam) or amend a "
      "plain body before it is stored.";
  std::string chat{};  // "d:<userA>:<userB>" or "g:<group>"
  std::string from_user{};
  std::string from_device{};
  std::string to_user{};  // direct chats
  std::string group{};    // group chats
  std::string client_msg_id{};
  std::string enc{};      // "none" or "e2ee"
  json::value body{};     // null when enc is e2ee (ciphertexts are never shown to handlers)
  std::int64_t size = 0;  // bytes of the payload as received
  std::vector<std::string> media{};  // media ids the message references (SDK 1.13)
};
BOOST_DESCRIBE_STRUCT(MessageSubmitted, (),
                      (chat, from_user, from_device, to_user, group, client_msg_id, enc, body, size,
                       media))

struct MessageAccepted {
  static constexpr std::string_view event_name = "message.accepted";
  static constexpr std::string_view event_doc =
      "A message is durable and has its seq and timestamp.";
  std::string msg_id{};
  std::string chat{};
  std::int64_t seq = 0;
  std::string from_user{};
  std::string from_device{};
  std::string to_user{};
  std::string group{};
  std::int64_t ts = 0;
  std::string enc{};
  json::value body{};                     // null when enc is e2ee
  std::vector<std::string> recipients{};  // user ids
  std::vector<std::string> media{};       // media ids the message references (SDK 1.13)
};
BOOST_DESCRIBE_STRUCT(MessageAccepted, (),
                      (msg_id, chat, seq, from_user, from_device, to_user, group, ts, enc, body,
                       recipients, media))

struct MessageDelivered {
  static constexpr std::string_view event_name = "message.delivered";
  static constexpr std::string_view event_doc = "A recipient device acked a message.";
  std::string msg_id{};
  std::string chat{};
  std::int64_t seq = 0;
  std::string to_user{};
  std::string to_device{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(MessageDelivered, (), (msg_id, chat, seq, to_user, to_device, ts))

struct MessageRead {
  static constexpr std::string_view event_name = "message.read";
  static constexpr std::string_view event_doc = "A user read a chat up to a seq.";
  std::string chat{};
  std::int64_t upto_seq = 0;
  std::string by_user{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(MessageRead, (), (chat, upto_seq, by_user, ts))

struct MessageUndelivered {
  static constexpr std::string_view event_name = "message.undelivered";
  static constexpr std::string_view event_doc =
      "A recipient device has no live connection: push providers notify it (without content).";
  std::string msg_id{};
  std::string chat{};
  std::string from_user{};
  std::string sender_name{};
  std::string to_user{};
  std::string to_device{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(MessageUndelivered, (),
                      (msg_id, chat, from_user, sender_name, to_user, to_device, ts))

}  // namespace sb
