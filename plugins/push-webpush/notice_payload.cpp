// SPDX-License-Identifier: Apache-2.0
// See notice_payload.hpp.
#include "notice_payload.hpp"

#include <openssl/sha.h>

#include <switchboard/base64url.hpp>
#include <switchboard/json.hpp>

namespace webpush {

std::string notice_payload(const sb::PushNotice& notice, bool with_sender_name) {
  boost::json::object doc{{"v", 1},
                          {"kind", notice.kind},
                          {"chat", notice.chat},
                          {"count", notice.count},
                          {"ts", notice.ts}};
  if (with_sender_name && !notice.sender_name.empty()) doc["sender_name"] = notice.sender_name;
  return boost::json::serialize(doc);
}

std::string topic_for(std::string_view collapse_key) {
  if (collapse_key.empty()) return {};
  bool valid = collapse_key.size() <= 32;
  for (char c : collapse_key)
    valid = valid && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_');
  if (valid) return std::string(collapse_key);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(collapse_key.data()), collapse_key.size(), digest);
  return sb::base64url_encode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest))
      .substr(0, 32);
}

}  // namespace webpush
