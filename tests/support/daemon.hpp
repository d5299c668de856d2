// SPDX-License-Identifier: Apache-2.0
// Runs the real `switchboard` binary as a child process for integration tests: its own
// loopback port (port 0, read back from its first stdout line), its own data dir, signals,
// and what it printed. Every wait is bounded.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace sb::test {

class Daemon {
 public:
  Daemon() = default;
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  // Kills the child if it still runs.
  ~Daemon();

  // Starts `switchboard <args>` with `env` added to a clean environment (PATH and HOME
  // kept, every SB_* dropped).
  void spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);
  // Waits for "switchboard listening on host:port" and returns the port; 0 when the
  // process exited or printed nothing within `timeout`.
  int wait_listening(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void signal(int sig);
  // The exit code, or -1 when still running after `timeout`; 128+N for a signal N.
  int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Everything printed so far (pumps the pipes without blocking).
  std::string out();
  std::string err();
  // Waits until stderr contains `text`.
  bool wait_err(const std::string& text,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));
  int pid() const { return pid_; }

 private:
  void pump(int timeout_ms);
  int pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_;
  int exit_code_ = -1;
};

// Runs `switchboard <args>` to completion (bounded) and returns {exit code, stdout, stderr}.
struct RunResult {
  int code;
  std::string out, err;
};
RunResult run_switchboard(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

// One HTTP/1.1 request over a fresh loopback connection: {status, body, headers}.
struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // as the server spelled the names
};
HttpResult http_get(int port, const std::string& path);
// POSTs `body` as application/json.
HttpResult http_post(int port, const std::string& path, const std::string& body);

}  // namespace sb::test
