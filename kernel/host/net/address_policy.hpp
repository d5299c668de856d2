// SPDX-License-Identifier: Apache-2.0
// Which IP addresses a request to a user-supplied URL may reach: only public ones, so a push
// endpoint cannot be used to probe the server's own network (loopback, private, link-local).
#pragma once

#include <string>

struct sockaddr;

namespace sb::kernel {

// "" when `address` is a public unicast address; otherwise why not ("10.0.0.1 is a
// private address"). Unknown families are refused.
std::string non_public_reason(const sockaddr* address);

}  // namespace sb::kernel
