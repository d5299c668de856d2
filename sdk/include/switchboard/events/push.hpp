// SPDX-License-Identifier: Apache-2.0
// The event behind push notifications. Beta: fields may still grow within ABI major 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <switchboard/event.hpp>

namespace sb {

struct PushNeeded {
  static constexpr std::string_view event_name = "push.needed";
  static constexpr std::string_view event_doc =
      "Something that should wake a device (a message, a group event, a call, a status) "
      "reached the inbox of a device with no live session; the core's push dispatcher "
      "coalesces these per device and notifies it through its push subscriptions. Receipts "
      "and presence never raise it.";
  std::string user{};
  std::string device{};
  std::string kind{};  // "message", "group", "call", "status"
  std::string chat{};
  std::string from_user{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(PushNeeded, (), (user, device, kind, chat, from_user, ts))

}  // namespace sb
