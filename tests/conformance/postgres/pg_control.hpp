// SPDX-License-Identifier: Apache-2.0
// Stops and starts the test PostgreSQL server in place (same data, same port), as
// `scripts/pg` describes it in SB_TEST_PG_CTL, SB_TEST_PG_DATA and SB_TEST_PG_USER.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sb::conformance {

class PgControl {
 public:
  static PgControl from_env() {
    auto get = [](const char* name, bool required) {
      const char* v = std::getenv(name);
      if (required && (!v || !*v))
        throw std::runtime_error(std::string(name) +
                                 " is not set: run the tests through `scripts/pg run -- ...`, "
                                 "which says how to stop and start the test server");
      return std::string(v ? v : "");
    };
    return PgControl(get("SB_TEST_PG_CTL", true), get("SB_TEST_PG_DATA", true),
                     get("SB_TEST_PG_USER", false));
  }
  void stop() const { run("-m fast -w -t 60 stop"); }
  void start() const { run("-w -t 60 -l '" + data_ + "/../restart.log' start"); }

 private:
  PgControl(std::string ctl, std::string data, std::string user)
      : ctl_(std::move(ctl)), data_(std::move(data)), user_(std::move(user)) {}
  void run(const std::string& args) const {
    auto cmd = (user_.empty() ? std::string() : "runuser -u " + user_ + " -- ") + "'" + ctl_ +
               "' -D '" + data_ + "' " + args + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
  }
  std::string ctl_, data_, user_;
};

}  // namespace sb::conformance
