// SPDX-License-Identifier: Apache-2.0
// A child process for tests (a broker, mosquitto_sub): started with its arguments, its
// output read line by line with bounded waits, killed on destruction.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sb::mqtt_test {

class Child {
 public:
  explicit Child(std::vector<std::string> argv);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The next line of stdout+stderr, or nullopt after `timeout` (or at end of output).
  std::optional<std::string> line(std::chrono::milliseconds timeout);
  // Waits for a line containing `text`; the lines before it are dropped.
  bool wait_for(const std::string& text, std::chrono::milliseconds timeout);
  void terminate();  // SIGTERM, then waits (bounded), then SIGKILL
  // The exit code once it exited, or -1 while it runs after `timeout`.
  int wait_exit(std::chrono::milliseconds timeout);

 private:
  int pid_ = -1;
  int fd_ = -1;
  std::string buffer_;
  int exit_code_ = -1;
};

// Runs a command to completion (bounded by `timeout`): {exit code, output}.
std::pair<int, std::string> run(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace sb::mqtt_test
