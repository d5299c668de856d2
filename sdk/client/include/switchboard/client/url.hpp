// SPDX-License-Identifier: Apache-2.0
// Where a server is: "http://host:port" split into what sockets need. Plain HTTP only.
#pragma once

#include <string>
#include <string_view>

namespace sb::client {

struct Endpoint {
  std::string host = "127.0.0.1";
  std::string port = "8080";

  std::string host_header() const { return host + ":" + port; }
};

// Accepts "http://host[:port][/]" and "host[:port]"; throws Error(protocol) for anything
// else (https is not supported by this client).
Endpoint parse_server_url(std::string_view url);

}  // namespace sb::client
