// SPDX-License-Identifier: Apache-2.0
// See child.hpp.
#include "child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace sb::mqtt_test {

Child::Child(std::vector<std::string> argv) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  fd_ = fds[0];
}

Child::~Child() {
  terminate();
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> Child::line(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
      auto l = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return l;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0 || fd_ < 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char buf[4096];
    auto n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) {
      ::close(fd_);
      fd_ = -1;
      if (!buffer_.empty()) {
        auto l = buffer_;
        buffer_.clear();
        return l;
      }
      return std::nullopt;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

bool Child::wait_for(const std::string& text, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    auto l = line(std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now()));
    if (!l) return false;
    if (l->find(text) != std::string::npos) return true;
  }
  return false;
}

int Child::wait_exit(std::chrono::milliseconds timeout) {
  if (pid_ < 0) return exit_code_;
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      pid_ = -1;
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= until) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void Child::terminate() {
  if (pid_ < 0) return;
  ::kill(pid_, SIGTERM);
  if (wait_exit(std::chrono::seconds(3)) == -1) {
    ::kill(pid_, SIGKILL);
    wait_exit(std::chrono::seconds(3));
  }
}

std::pair<int, std::string> run(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout) {
  Child c(argv);
  std::string out;
  auto until = std::chrono::steady_clock::now() + timeout;
  while (auto l = c.line(std::chrono::duration_cast<std::chrono::milliseconds>(
             until - std::chrono::steady_clock::now())))
    out += *l + "\n";
  int code = c.wait_exit(std::chrono::seconds(1));
  return {code, out};
}

}  // namespace sb::mqtt_test
