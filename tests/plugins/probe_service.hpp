// SPDX-License-Identifier: Apache-2.0
// A service the test plugins provide so that tests can see what happened inside them
// (start and stop order, events received) through the real service registry.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sb::test {

class Probe {
 public:
  static constexpr std::string_view service_name = "test.probe";
  virtual ~Probe() = default;
  void note(std::string line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace sb::test
