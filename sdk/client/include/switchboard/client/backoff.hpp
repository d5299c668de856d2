// SPDX-License-Identifier: Apache-2.0
// Reconnect delays: exponential growth with "equal jitter" (half fixed, half random), so a
// crowd of clients cut off together does not come back together.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace sb::client {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
      : initial_(initial), max_(max), rng_(std::random_device{}()) {}
  // The delay before the next attempt; each call doubles the base up to `max`.
  std::chrono::milliseconds next();
  // After a successful connection.
  void reset() { attempt_ = 0; }
  int attempts() const { return attempt_; }

 private:
  std::chrono::milliseconds initial_, max_;
  int attempt_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace sb::client
