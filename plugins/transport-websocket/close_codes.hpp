// SPDX-License-Identifier: Apache-2.0
// The WebSocket close codes this transport sends, and the mapping from the core's close
// reasons ("revoked", "auth_timeout", ...) to them. docs/transports.md lists them.
#pragma once

#include <cstdint>
#include <string_view>

namespace transport_websocket {

namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t policy = 1008;        // also: send queue full (the kernel)
inline constexpr std::uint16_t restart = 1012;       // server shutting down: reconnect later
inline constexpr std::uint16_t try_later = 1013;     // the core is unavailable for now
inline constexpr std::uint16_t unauthorized = 4001;  // token refused: log in / refresh
inline constexpr std::uint16_t auth_timeout = 4002;  // no successful `auth` frame in time
inline constexpr std::uint16_t revoked = 4003;       // this device was revoked
inline constexpr std::uint16_t banned = 4004;        // the user was banned
}  // namespace close_code

// The code for a ClientLink::close reason; unknown reasons get 1008.
std::uint16_t code_for_reason(std::string_view reason);

}  // namespace transport_websocket
