// SPDX-License-Identifier: Apache-2.0
// See e2e_server.hpp.
#include "e2e_server.hpp"

#include <sys/resource.h>

#include <fstream>
#include <stdexcept>

namespace sb::e2e {

std::string Server::phone(int n) {
  std::string digits = std::to_string(n);
  return "+1555123" + std::string(4 - std::min<std::size_t>(4, digits.size()), '0') + digits;
}

std::string Server::code(int n) {
  std::string digits = std::to_string(n);
  return std::string(6 - std::min<std::size_t>(6, digits.size()), '1') + digits;
}

Server::Server(ServerOptions options) {
  std::string config = "[plugins]\ndirs = [\"" SB_PLUGIN_DIR "\", \"" SB_E2E_PLUGIN_DIR "\"]\n";
  if (options.core == CoreKind::echo) {
    // The kernel provides `messaging` too: the deployment picks echo-core.
    config += "[services]\nmessaging = \"core\"\n[plugin.core]\nuse = \"echo-core\"\n";
  } else {
    config += "[auth]\ntest_numbers = {";
    for (int i = 1; i <= options.test_numbers; ++i)
      config += (i > 1 ? ", \"" : " \"") + phone(i) + "\" = \"" + code(i) + "\"";
    config += " }\n[plugin.store]\n" + options.store + "\n";
    config += "[plugin.sms]\nuse = \"sms-file\"\n";
    config += "[plugin.policy]\nuse = \"policy-groups\"\n";
    // The scenarios put people into groups freely (the default lets only contacts).
    if (options.extra.find("[messaging]") == std::string::npos)
      config += "[messaging]\ngroup_add_privacy = \"everyone\"\n";
  }
  if (options.transports) {
    config += "[plugin.ws]\nuse = \"transport-websocket\"\n" + options.websocket + "\n";
    config += "[plugin.lp]\nuse = \"transport-longpoll\"\n" + options.longpoll + "\n";
  }
  config += options.extra;
  daemon_.spawn({"run", "--config", dir_.write("sb.toml", config)},
                {{"SB_SERVER__LISTEN", "127.0.0.1:0"},
                 {"SB_SERVER__DATA_DIR", dir_.path() + "/data"},
                 {"SB_SERVER__IO_THREADS", "2"},
                 // The idle-crowd tests open 2,000 connections at once from 127.0.0.1,
                 // many still plain HTTP before their upgrade; the per-address cap has its
                 // own test (HttpFramingTest).
                 {"SB_SERVER__MAX_CONNECTIONS_PER_ADDRESS", "0"}});
  port_ = daemon_.wait_listening();
  if (port_ <= 0) throw std::runtime_error("the daemon did not start:\n" + daemon_.err());
}

namespace {

long status_field(int pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name, 0) == 0) return std::stol(line.substr(name.size()));
  return -1;
}

}  // namespace

int Server::threads() const {
  return static_cast<int>(status_field(daemon_.pid(), "Threads:"));
}

long Server::rss_kib() const {
  return status_field(daemon_.pid(), "VmRSS:");
}

void raise_open_file_limit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
  }
}

}  // namespace sb::e2e
