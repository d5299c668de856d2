// SPDX-License-Identifier: Apache-2.0
// sbctl's exit codes (listed in `sbctl --help`) and the exception that carries one.
#pragma once

#include <stdexcept>
#include <string>

namespace sbctl {

namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int failure = 1;        // anything unexpected
inline constexpr int usage = 2;          // bad command line
inline constexpr int unreachable = 3;    // no connection to the server
inline constexpr int not_logged_in = 4;  // no login state, or the server refused it
inline constexpr int refused = 5;        // the server answered with an error
inline constexpr int timeout = 6;        // no answer in time
}  // namespace exit_code

class CliError : public std::runtime_error {
 public:
  CliError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

}  // namespace sbctl
