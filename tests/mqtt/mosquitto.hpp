// SPDX-License-Identifier: Apache-2.0
// A real Mosquitto for tests: its own directory, a free loopback port, the dynamic-security
// plugin initialised with an admin account; start, stop and restart on the same port.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "child.hpp"

namespace sb::mqtt_test {

class Mosquitto {
 public:
  static constexpr const char* kAdmin = "sbadmin";
  static constexpr const char* kAdminPassword = "sbadmin-secret";
  // The server's account: dynamic-security admin plus the switchboard-bridge role.
  static constexpr const char* kServer = "switchboard";
  static constexpr const char* kServerPassword = "switchboard-secret";

  Mosquitto();  // starts it; throws std::runtime_error with the broker's output on failure
  ~Mosquitto();
  void stop();
  void start();
  int port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  std::unique_ptr<Child> process_;
};

}  // namespace sb::mqtt_test
