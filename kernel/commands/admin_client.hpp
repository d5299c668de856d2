// SPDX-License-Identifier: Apache-2.0
// How the command line reaches the running server's admin endpoint: over loopback, on the
// configured listener's port, in plain HTTP or, when the listener is TLS-only, in HTTPS that
// trusts exactly the certificate the server itself is configured with.
#pragma once

#include <stdexcept>
#include <string>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

struct AdminAnswer {
  int status = 0;
  std::string body;
};

// No answer from the listener: the server is not running there (or not reachable).
class ServerUnreachable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// POSTs `body` (JSON) to `path` with `Authorization: Bearer <token>`. Throws
// ServerUnreachable when nothing answers, std::runtime_error naming the cause when the
// listen address has no port or the server's TLS certificate is not the configured one
// (the token is then never sent).
AdminAnswer post_to_running_server(const ServerSettings& server, const std::string& path,
                                   const std::string& body, const std::string& token);

}  // namespace sb::kernel
