// SPDX-License-Identifier: Apache-2.0
// What a push service's answer means for the core (RFC 8030 §5 and §8): sent, gone (forget
// the subscription), retry (later, honouring Retry-After) or dropped (this push is refused
// for good).
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

namespace webpush {

sb::PushResult map_response(const sb::HttpClientResponse& response,
                            std::chrono::system_clock::time_point now);

}  // namespace webpush
