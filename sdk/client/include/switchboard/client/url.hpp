// SPDX-License-Identifier: Apache-2.0
// Where a server is: "https://host:port" split into what sockets need, and whom to trust
// for it when the URL asks for TLS.
#pragma once

#include <string>
#include <string_view>

namespace sb::client {

struct Endpoint {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  // https:// or wss://: TLS 1.2+, the server's certificate verified against `ca_file` (or the
  // system's trust store when empty) and its name checked against `host`.
  bool tls = false;
  // A PEM file of CA certificates to trust instead of the system store (a private CA).
  std::string ca_file{};

  std::string host_header() const { return host + ":" + port; }
  // "https://host:port" (the form errors name the server by).
  std::string url() const;
};

// Accepts "http://", "https://", "ws://" and "wss://" followed by "host[:port][/]", and a bare
// "host[:port]" (plain HTTP); the port defaults to 80, or 443 with TLS. Throws Error(protocol)
// for anything else.
Endpoint parse_server_url(std::string_view url);

}  // namespace sb::client
