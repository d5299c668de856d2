// SPDX-License-Identifier: Apache-2.0
// How APNs's answer becomes a PushResult: 200 sent; 410, BadDeviceToken or Unregistered
// gone; 429 and 5xx retried; ExpiredProviderToken/InvalidProviderToken retried with a new
// provider token; other refusals dropped with Apple's reason.
#pragma once

#include <cstdint>
#include <string_view>

#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

namespace push_apns {

struct ApnsOutcome {
  sb::PushResult result;
  bool token_rejected = false;  // the provider token must be signed anew
};

ApnsOutcome apns_outcome(const sb::HttpClientResponse& response, std::int64_t now_s);

}  // namespace push_apns
