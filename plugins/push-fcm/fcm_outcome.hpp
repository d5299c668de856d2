// SPDX-License-Identifier: Apache-2.0
// How FCM's answer to a send becomes a PushResult: 200 sent; 404 or UNREGISTERED/NOT_FOUND
// gone; 429 and 5xx retried (with Retry-After); 401 retried with a fresh token; other
// refusals (400 INVALID_ARGUMENT, 403 SENDER_ID_MISMATCH) dropped with FCM's reason.
#pragma once

#include <cstdint>
#include <string_view>

#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

namespace push_fcm {

struct FcmOutcome {
  sb::PushResult result;
  bool token_rejected = false;  // 401: the access token must be replaced
};

FcmOutcome fcm_outcome(const sb::HttpClientResponse& response, std::int64_t now_s);

}  // namespace push_fcm
