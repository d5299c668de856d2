// SPDX-License-Identifier: Apache-2.0
// A subscription's endpoint URL taken apart: the host to resolve and check, and the origin
// (scheme://host[:port], default port left out) that VAPID signs as the JWT's audience.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace webpush {

inline constexpr std::size_t kMaxEndpointBytes = 1000;

struct Endpoint {
  std::string scheme;  // "https" or "http", lower case
  std::string host;    // a name, or an address without brackets
  std::string origin;  // RFC 6454 serialization
};

// The endpoint, or an error naming the field ("endpoint: ...").
std::variant<Endpoint, std::string> parse_endpoint(std::string_view url);

}  // namespace webpush
