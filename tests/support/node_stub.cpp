// SPDX-License-Identifier: Apache-2.0
// See node_stub.hpp. fork/exec with two pipes read through poll(), so no wait can hang.
#include "node_stub.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

namespace sb::test {
using Clock = std::chrono::steady_clock;

NodeStub::NodeStub(const std::string& script, const std::vector<std::string>& args) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_s{"node", script};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp("node", argv.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  auto until = Clock::now() + std::chrono::seconds(15);
  while (port_ == 0 && Clock::now() < until && out_fd_ >= 0) {
    pump(50);
    auto nl = out_.find('\n');
    if (nl == std::string::npos) continue;
    boost::system::error_code ec;
    auto first = boost::json::parse(out_.substr(0, nl), ec);
    out_.erase(0, nl + 1);
    if (!ec && first.is_object() && first.as_object().contains("port"))
      port_ = static_cast<int>(first.at("port").to_number<int>());
  }
  if (port_ == 0) throw std::runtime_error("stub " + script + " did not start: " + err());
}

NodeStub::~NodeStub() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

std::string NodeStub::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void NodeStub::pump(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (::poll(fds, 2, timeout_ms) <= 0) return;
  char buf[8192];
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
    auto n = ::read(fds[i].fd, buf, sizeof buf);
    if (n > 0) (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    if (n <= 0) {
      ::close(fds[i].fd);
      (i == 0 ? out_fd_ : err_fd_) = -1;
    }
  }
  if (port_ == 0) return;
  for (auto nl = out_.find('\n'); nl != std::string::npos; nl = out_.find('\n')) {
    boost::system::error_code ec;
    auto v = boost::json::parse(out_.substr(0, nl), ec);
    out_.erase(0, nl + 1);
    if (!ec && v.is_object()) records_.push_back(v.as_object());
  }
}

std::vector<boost::json::object> NodeStub::records() {
  pump(10);
  return records_;
}

std::vector<boost::json::object> NodeStub::wait_records(std::size_t n,
                                                        std::chrono::milliseconds timeout) {
  auto until = Clock::now() + timeout;
  while (records_.size() < n && Clock::now() < until && out_fd_ >= 0) pump(50);
  return records_;
}

std::string NodeStub::err() {
  if (err_fd_ >= 0) pump(0);
  return err_;
}

void shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) throw std::runtime_error("cannot run: " + command);
  char buf[512];
  while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  if (::pclose(p) != 0) throw std::runtime_error("failed: " + command + "\n" + out);
}

std::string make_rsa_key(const std::string& dir, const std::string& name) {
  auto path = dir + "/" + name;
  shell("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '" + path + "'");
  return path;
}

std::string make_p256_key(const std::string& dir, const std::string& name) {
  auto path = dir + "/" + name;
  shell("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '" + path + "'");
  return path;
}

std::string public_key_of(const std::string& private_key, const std::string& out) {
  shell("openssl pkey -in '" + private_key + "' -pubout -out '" + out + "'");
  return out;
}

std::pair<std::string, std::string> make_tls_cert(const std::string& dir) {
  std::string cert = dir + "/tls-cert.pem", key = dir + "/tls-key.pem";
  shell(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "
      "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key + "' -out '" + cert + "'");
  return {cert, key};
}

}  // namespace sb::test
