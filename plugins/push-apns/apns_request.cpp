// SPDX-License-Identifier: Apache-2.0
// See apns_request.hpp.
#include "apns_request.hpp"

#include <openssl/sha.h>

#include <switchboard/json.hpp>

namespace push_apns {

std::string collapse_id(const std::string& key) {
  if (key.size() <= 64) return key;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

std::string apns_payload(const Config& config, const sb::PushNotice& notice) {
  std::string title =
      config.sender_name && !notice.sender_name.empty() ? notice.sender_name : config.alert_title;
  sb::json::object aps{{"alert", sb::json::object{{"title", title}, {"body", config.alert_body}}},
                       {"badge", notice.count},
                       {"thread-id", notice.chat}};
  if (!config.sound.empty()) aps["sound"] = config.sound;
  return sb::json::serialize(sb::json::object{
      {"aps", std::move(aps)},
      {"sb",
       sb::json::object{
           {"v", 1}, {"kind", notice.kind}, {"chat", notice.chat}, {"count", notice.count}}}});
}

sb::HttpClientRequest apns_request(const Config& config, const std::string& device_token,
                                   const std::string& provider_jwt, const sb::PushNotice& notice,
                                   std::int64_t now_s) {
  sb::HttpClientRequest req;
  req.method = "POST";
  req.url = "https://" + config.host + "/3/device/" + device_token;
  req.http2 = true;
  req.headers = {{"authorization", "bearer " + provider_jwt},
                 {"apns-topic", config.topic},
                 {"apns-push-type", "alert"},
                 {"apns-priority", notice.urgent ? "10" : "5"},
                 // 0: deliver once or not at all; otherwise APNs keeps it until then.
                 {"apns-expiration", notice.ttl_s > 0 ? std::to_string(now_s + notice.ttl_s) : "0"},
                 {"content-type", "application/json"}};
  if (!notice.collapse_key.empty())
    req.headers.emplace_back("apns-collapse-id", collapse_id(notice.collapse_key));
  req.body = apns_payload(config, notice);
  req.timeout_ms = config.timeout_ms;
  req.ca_file = config.ca_file;
  return req;
}

}  // namespace push_apns
