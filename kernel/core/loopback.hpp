// SPDX-License-Identifier: Apache-2.0
// Whether a client address is this machine's loopback: what the admin ban route, /metrics
// and the detailed /readyz trust without more proof.
#pragma once

#include <string_view>

namespace sb::core {

// `ip` as client_ip() gives it (no port, no brackets). True for 127.0.0.0/8, ::1 and
// IPv4-mapped 127.x (::ffff:127.0.0.1, however it is spelt); false for anything else,
// including text that is not an address.
bool is_loopback(std::string_view ip);

}  // namespace sb::core
