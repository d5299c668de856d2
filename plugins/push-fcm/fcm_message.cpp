// SPDX-License-Identifier: Apache-2.0
// See fcm_message.hpp. FCM data values must be strings, hence the to_string calls.
#include "fcm_message.hpp"

#include <switchboard/json.hpp>

namespace push_fcm {

std::string fcm_message(const std::string& token, const sb::PushNotice& notice,
                        bool with_sender_name) {
  sb::json::object data{{"v", "1"},
                        {"kind", notice.kind},
                        {"chat", notice.chat},
                        {"count", std::to_string(notice.count)},
                        {"ts", std::to_string(notice.ts)}};
  if (with_sender_name && !notice.sender_name.empty()) data["sender_name"] = notice.sender_name;
  sb::json::object android{{"priority", notice.urgent ? "HIGH" : "NORMAL"},
                           {"ttl", std::to_string(notice.ttl_s) + "s"}};
  if (!notice.collapse_key.empty()) android["collapse_key"] = notice.collapse_key;
  return sb::json::serialize(
      sb::json::object{{"message", sb::json::object{{"token", token},
                                                    {"data", std::move(data)},
                                                    {"android", std::move(android)}}}});
}

}  // namespace push_fcm
