// SPDX-License-Identifier: Apache-2.0
// The server's side of the WebSocket opening handshake (RFC 6455 §4.2): checking the upgrade
// request before anyone sees it, and the 101 response that accepts it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <switchboard/http.hpp>

#include "kernel/host/http/messages.hpp"

namespace sb::kernel {

// The refusal for a request that is not a valid version-13 upgrade (400, or 426 naming the
// version we speak), or nullopt when it is one.
std::optional<HttpResponse> check_ws_upgrade(const BeastRequest& req);
// base64(SHA-1(key + the RFC's GUID)).
std::string ws_accept_value(std::string_view key);
// The whole 101 response for a request `check_ws_upgrade` accepted.
std::string ws_accept_response(const BeastRequest& req);

}  // namespace sb::kernel
