// SPDX-License-Identifier: Apache-2.0
// Which addresses a push endpoint may point at. An endpoint is user input: refusing
// loopback, private and link-local ranges keeps it from becoming a way into the server's
// own network. The kernel's HTTP client enforces the same at connect time (against DNS
// rebinding); this check gives the subscriber a clear error up front.
#pragma once

#include <optional>
#include <string>

struct sockaddr;

namespace webpush {

// Nullopt for a public unicast address; otherwise the reason, e.g. "10.0.0.1 is a private
// address".
std::optional<std::string> non_public_reason(const sockaddr* address);

}  // namespace webpush
