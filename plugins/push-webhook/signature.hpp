// SPDX-License-Identifier: Apache-2.0
// The webhook signature a relay checks: HMAC-SHA256 over "<timestamp>.<body>" with the
// shared secret, as lower-case hex (docs/push.md shows the relay's side).
#pragma once

#include <string>
#include <string_view>

namespace push_webhook {

// Lower-case hex of HMAC-SHA256(secret, timestamp + "." + body).
std::string sign(std::string_view secret, std::string_view timestamp, std::string_view body);

}  // namespace push_webhook
