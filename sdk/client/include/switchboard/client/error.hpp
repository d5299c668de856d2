// SPDX-License-Identifier: Apache-2.0
// The one exception type of the client library: what went wrong, sorted into the kinds a
// program reacts to differently (unreachable server, refused request, timeout).
#pragma once

#include <stdexcept>
#include <string>

namespace sb::client {

enum class ErrorKind {
  unreachable,  // no TCP connection, or it broke before an answer
  refused,      // the server answered with an error (HTTP 4xx/5xx or ok:false)
  timeout,      // no answer in time
  protocol,     // the answer was not what protocol v1 promises
  local,        // a local file could not be read or written
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, const std::string& message, int status = 0)
      : std::runtime_error(message), kind_(kind), code_(std::move(code)), status_(status) {}
  ErrorKind kind() const { return kind_; }
  // The protocol's error code ("unauthorized", "forbidden", ...) when the server sent one.
  const std::string& code() const { return code_; }
  // The HTTP status when the error came from an HTTP answer, else 0.
  int status() const { return status_; }

 private:
  ErrorKind kind_;
  std::string code_;
  int status_;
};

}  // namespace sb::client
