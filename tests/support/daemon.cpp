// SPDX-License-Identifier: Apache-2.0
// See daemon.hpp. fork/exec with two pipes read through poll(), so no wait can hang.
#include "daemon.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

extern char** environ;

namespace sb::test {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string binary() {
  return SB_BINARY_DIR "/bin/switchboard";
}

}  // namespace

Daemon::~Daemon() {
  if (pid_ > 0 && exit_code_ < 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

void Daemon::spawn(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_s{binary()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "SB_", 3) != 0) env_s.emplace_back(*e);
  for (auto& [k, v] : env) env_s.push_back(k + "=" + v);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    std::vector<char*> argv, envp;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    ::execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
}

void Daemon::pump(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (::poll(fds, 2, timeout_ms) <= 0) return;
  char buf[4096];
  for (int i = 0; i < 2; ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
    auto n = ::read(fds[i].fd, buf, sizeof buf);
    if (n > 0) (i == 0 ? out_ : err_).append(buf, static_cast<std::size_t>(n));
    if (n == 0) {
      ::close(fds[i].fd);
      (i == 0 ? out_fd_ : err_fd_) = -1;
    }
  }
}

int Daemon::wait_listening(std::chrono::milliseconds timeout) {
  static const std::regex re("switchboard listening on [^\\s:]+:(\\d+)");
  auto until = Clock::now() + timeout;
  while (Clock::now() < until) {
    std::smatch m;
    if (std::regex_search(out_, m, re)) return std::stoi(m[1]);
    if (out_fd_ < 0 && err_fd_ < 0) return 0;
    pump(50);
  }
  return 0;
}

void Daemon::signal(int sig) {
  ::kill(pid_, sig);
}

int Daemon::wait_exit(std::chrono::milliseconds timeout) {
  if (exit_code_ >= 0) return exit_code_;
  auto until = Clock::now() + timeout;
  while (Clock::now() < until) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      while (out_fd_ >= 0 || err_fd_ >= 0) pump(100);
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    pump(20);
  }
  return -1;
}

std::string Daemon::out() {
  pump(0);
  return out_;
}

std::string Daemon::err() {
  pump(0);
  return err_;
}

bool Daemon::wait_err(const std::string& text, std::chrono::milliseconds timeout) {
  auto until = Clock::now() + timeout;
  while (Clock::now() < until) {
    if (err_.find(text) != std::string::npos) return true;
    pump(50);
  }
  return err_.find(text) != std::string::npos;
}

RunResult run_switchboard(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
  Daemon d;
  d.spawn(args, env);
  int code = d.wait_exit(std::chrono::seconds(30));
  return {code, d.out(), d.err()};
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "sb-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
  auto p = (fs::path(path_) / name).string();
  std::ofstream(p) << text;
  return p;
}

namespace {

HttpResult http_request(int port, const std::string& method, const std::string& path,
                        const std::string* body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (body) {
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body->size()));
    session.sendRequest(req) << *body;
  } else {
    session.sendRequest(req);
  }
  Poco::Net::HTTPResponse res;
  auto& in = session.receiveResponse(res);
  HttpResult r;
  r.status = static_cast<int>(res.getStatus());
  for (auto& [k, v] : res) r.headers[k] = v;
  Poco::StreamCopier::copyToString(in, r.body);
  return r;
}

}  // namespace

HttpResult http_get(int port, const std::string& path) {
  return http_request(port, Poco::Net::HTTPRequest::HTTP_GET, path, nullptr);
}

HttpResult http_post(int port, const std::string& path, const std::string& body) {
  return http_request(port, Poco::Net::HTTPRequest::HTTP_POST, path, &body);
}

}  // namespace sb::test
