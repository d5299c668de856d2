// SPDX-License-Identifier: Apache-2.0
// A daemon for one end-to-end test: its own temporary directory and loopback port, the
// transport plugins, and either echo-core (transport tests) or the real core with
// store-sqlite and fixed login codes (chat tests). Cleaned up on destruction.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "daemon.hpp"

namespace sb::e2e {

enum class CoreKind { echo, real };

struct ServerOptions {
  CoreKind core = CoreKind::echo;
  std::string websocket;   // extra lines for [plugin.ws]
  std::string longpoll;    // extra lines for [plugin.lp]
  int test_numbers = 4;    // +1555123000N = code 11111N (real core)
  bool transports = true;  // false: accounts only (login routes, no messaging)
  std::string extra;       // more config, appended last (e.g. a [plugin.mqtt] section)
  // The [plugin.store] lines of the real core (store-postgres with a dsn, say).
  std::string store = "use = \"store-sqlite\"";

  static ServerOptions ws(std::string extra, CoreKind core = CoreKind::echo) {
    ServerOptions o;
    o.core = core;
    o.websocket = std::move(extra);
    return o;
  }
  static ServerOptions lp(std::string extra, CoreKind core = CoreKind::echo) {
    ServerOptions o;
    o.core = core;
    o.longpoll = std::move(extra);
    return o;
  }
};

class Server {
 public:
  explicit Server(ServerOptions options = {});
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int pid() const { return daemon_.pid(); }
  std::string err() { return daemon_.err(); }
  const test::TempDir& dir() const { return dir_; }
  // Threads of the daemon process, from /proc/<pid>/status; -1 when unreadable.
  int threads() const;
  // Resident memory of the daemon in KiB, from /proc/<pid>/status; -1 when unreadable.
  long rss_kib() const;

  static std::string phone(int n);  // "+15551230001" for 1
  static std::string code(int n);   // its fixed login code

 private:
  test::TempDir dir_;
  test::Daemon daemon_;
  int port_ = 0;
};

// Raises this process's soft open-file limit to the hard one (children inherit it).
void raise_open_file_limit();

// Polls `cond` every 10 ms until true or `timeout`; returns its last value.
template <class F>
bool eventually(F cond, std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace sb::e2e

#include <thread>

template <class F>
bool sb::e2e::eventually(F cond, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cond();
}
