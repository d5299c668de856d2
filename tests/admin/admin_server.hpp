// SPDX-License-Identifier: Apache-2.0
// One daemon for an admin API test: store-sqlite, the WebSocket transport, policy-groups and
// the admin plugin (with a stand-in built UI) in a temporary directory on a loopback port,
// admins created through `switchboard admin add`, and messaging users logged in with fixed
// codes. Cleaned up on destruction.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "admin_http.hpp"
#include "daemon.hpp"

namespace sb::test {

struct AdminSession {
  std::string cookie;  // "sb_admin=..."
  std::string csrf;
  // Headers for a request with this session; `csrf` false leaves the CSRF header out.
  std::vector<std::pair<std::string, std::string>> headers(bool with_csrf = true) const;
};

struct MessagingUser {
  std::string id, device, access_token;
};

class AdminServer {
 public:
  // `extra` is appended to the config; `env` adds environment variables for the daemon.
  explicit AdminServer(const std::string& extra = {}, std::map<std::string, std::string> env = {});
  int port() const { return port_; }
  std::string err() { return daemon_->err(); }
  const TempDir& dir() const { return dir_; }
  std::string config_path() const { return config_; }
  std::string data_dir() const { return dir_.path() + "/data"; }

  // Stops the daemon (SIGTERM) and starts it again on the same config, data and port;
  // sessions do not survive it. Fails the test when it does not come back.
  void restart();
  // Sends SIGHUP and waits (bounded) for the reload's outcome; true when it was applied.
  bool hangup();
  // Runs `switchboard ARGS --config <this config>` against this daemon's port.
  RunResult cli(const std::vector<std::string>& args);
  // Runs `switchboard admin ARGS --config <this config>`, with `stdin_text` on its input.
  RunResult admin_cli(const std::string& args, const std::string& stdin_text = {});
  // Adds an admin through the CLI; fails the test when it does not work.
  void add_admin(const std::string& name, const std::string& role,
                 const std::string& password = "correct horse battery");
  AdminSession login(const std::string& name,
                     const std::string& password = "correct horse battery");
  // Creates an API token as `owner` and returns it.
  std::string token(const AdminSession& owner, const std::string& role);
  // Logs in +1555123000N (N = 1..8) on a new device.
  MessagingUser user(int n);

  Reply get(const std::string& path, const AdminSession& s) {
    return http(port_, "GET", path, {}, s.headers());
  }
  Reply send(const std::string& method, const std::string& path, const std::string& body,
             const AdminSession& s) {
    return http(port_, method, path, body, s.headers());
  }

 private:
  void start();

  TempDir dir_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<Daemon> daemon_;
  std::string config_;
  int port_ = 0;
};

// Polls `cond` every 20 ms until true or `timeout_ms`.
template <class F>
bool eventually(F cond, int timeout_ms = 10'000);

}  // namespace sb::test

#include <chrono>
#include <thread>

template <class F>
bool sb::test::eventually(F cond, int timeout_ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}
