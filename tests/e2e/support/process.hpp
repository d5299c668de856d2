// SPDX-License-Identifier: Apache-2.0
// Runs a program (sbctl) as a child with its own environment, feeds its standard input and
// collects what it prints. Every wait is bounded; the destructor kills a child still running.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace sb::e2e {

struct ProcessResult {
  int code = -1;  // exit code; 128+N for signal N; -1 when it did not end in time
  std::string out, err;
};

class Process {
 public:
  // `env` replaces the environment (PATH is kept).
  Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
          const std::string& input = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Output so far (pumps the pipes for up to `for_ms`).
  const std::string& out(int for_ms = 0);
  // Waits for the exit (killing the child after `timeout`).
  ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  void pump(int timeout_ms);
  int pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_;
};

// Runs to completion: Process(argv, env, input).wait(timeout).
ProcessResult run(const std::vector<std::string>& argv,
                  const std::map<std::string, std::string>& env, const std::string& input = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace sb::e2e
