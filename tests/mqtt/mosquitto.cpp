// SPDX-License-Identifier: Apache-2.0
// See mosquitto.hpp. Mosquitto started as root drops to its own user, so its directory is
// handed to that user.
#include "mosquitto.hpp"

#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sb::mqtt_test {

namespace fs = std::filesystem;

namespace {

int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

bool accepting(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

void give_to_mosquitto(const fs::path& p) {
  if (::geteuid() != 0) return;
  if (auto* pw = ::getpwnam("mosquitto")) {
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      // Left to the broker's own error message.
    }
  }
}

}  // namespace

Mosquitto::Mosquitto() {
  std::string tmpl = (fs::temp_directory_path() / "sb-mosquitto-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  fs::permissions(dir_, fs::perms::all);
  port_ = free_port();
  auto dynsec = (dir_ / "dynsec.json").string();
  auto [code, out] = run({"mosquitto_ctrl", "dynsec", "init", dynsec, kAdmin, kAdminPassword});
  if (code != 0) throw std::runtime_error("mosquitto_ctrl dynsec init failed: " + out);
  std::ofstream(dir_ / "mosquitto.conf")
      << "listener " << port_ << " 127.0.0.1\n"
      << "allow_anonymous false\n"
      << "persistence false\n"
      << "set_tcp_nodelay true\n"
      << "plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so\n"
      << "plugin_opt_config_file " << dynsec << "\n"
      << "log_type error\nlog_type warning\n";
  for (auto& p : {dir_, dir_ / "dynsec.json", dir_ / "mosquitto.conf"}) give_to_mosquitto(p);
  start();
  // The server's account may administer devices, publish replies and take requests (see the
  // plugin's README). A client whose roles change is disconnected, so it is not kAdmin.
  auto port = std::to_string(port_);
  for (auto& cmd : std::vector<std::vector<std::string>>{
           {"createClient", kServer, "-p", kServerPassword},
           {"createRole", "switchboard-bridge"},
           {"addRoleACL", "switchboard-bridge", "publishClientSend", "sb/out/#", "allow"},
           {"addRoleACL", "switchboard-bridge", "subscribePattern", "sb/in/#", "allow"},
           {"addClientRole", kServer, "admin"},
           {"addClientRole", kServer, "switchboard-bridge"}}) {
    std::vector<std::string> argv{"mosquitto_ctrl", "-h", "127.0.0.1",    "-p",    port, "-u",
                                  kAdmin,           "-P", kAdminPassword, "dynsec"};
    argv.insert(argv.end(), cmd.begin(), cmd.end());
    auto [code, out] = run(argv);
    if (code != 0) throw std::runtime_error("mosquitto_ctrl " + cmd[0] + " failed: " + out);
  }
}

Mosquitto::~Mosquitto() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void Mosquitto::start() {
  process_ = std::make_unique<Child>(
      std::vector<std::string>{"mosquitto", "-c", (dir_ / "mosquitto.conf").string()});
  for (int i = 0; i < 200; ++i) {
    if (accepting(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::string out;
  while (auto l = process_->line(std::chrono::milliseconds(100))) out += *l + "\n";
  throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_) + ": " + out);
}

void Mosquitto::stop() {
  if (process_) process_->terminate();
  process_.reset();
}

}  // namespace sb::mqtt_test
