// SPDX-License-Identifier: Apache-2.0
// How a relay's HTTP answer becomes a PushResult: 2xx sent, 404/410 gone, 429/5xx and
// network errors retried (with the relay's Retry-After), anything else dropped.
#pragma once

#include <cstdint>
#include <string_view>

#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

namespace push_webhook {

sb::PushResult outcome_of(const sb::HttpClientResponse& response, std::int64_t now_s);

}  // namespace push_webhook
