// SPDX-License-Identifier: Apache-2.0
// Close reason → close code (see close_codes.hpp).
#include "close_codes.hpp"

namespace transport_websocket {

std::uint16_t code_for_reason(std::string_view reason) {
  if (reason == "unauthorized") return close_code::unauthorized;
  if (reason == "auth_timeout") return close_code::auth_timeout;
  if (reason == "revoked") return close_code::revoked;
  if (reason == "banned") return close_code::banned;
  if (reason == "shutdown") return close_code::restart;
  if (reason == "unavailable") return close_code::try_later;
  // The core's: the client stopped acking while events waited (the kernel's own 1008 is
  // for a send queue that overflowed).
  if (reason == "slow_consumer") return close_code::policy;
  if (reason == "normal" || reason.empty()) return close_code::normal;
  return close_code::policy;
}

}  // namespace transport_websocket
