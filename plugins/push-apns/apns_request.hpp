// SPDX-License-Identifier: Apache-2.0
// The HTTP/2 request for one APNs push: POST /3/device/<token> with the provider token,
// topic, push type, priority, expiration and collapse id, and a generic alert (no content).
#pragma once

#include <cstdint>
#include <string>

#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "config.hpp"

namespace push_apns {

// apns-collapse-id is limited to 64 bytes: a longer key becomes its SHA-256 in hex (64).
std::string collapse_id(const std::string& key);

// {"aps":{"alert":{"title","body"},"badge":count,"thread-id":chat[,"sound"]},
//  "sb":{"v":1,"kind","chat","count"}}
std::string apns_payload(const Config& config, const sb::PushNotice& notice);

sb::HttpClientRequest apns_request(const Config& config, const std::string& device_token,
                                   const std::string& provider_jwt, const sb::PushNotice& notice,
                                   std::int64_t now_s);

}  // namespace push_apns
