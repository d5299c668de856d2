// SPDX-License-Identifier: Apache-2.0
// A sliding-window limit per key (a phone number, a client address): at most `limit`
// events in any `window`. In memory, per node; a cluster multiplies the limit by its size.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sb::core {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  RateLimiter(int limit, std::chrono::seconds window);

  // Records an event for `key` and returns nullopt, or refuses it (recording nothing) and
  // returns how long until one more would be allowed, in whole seconds, at least 1.
  std::optional<std::chrono::seconds> acquire(const std::string& key,
                                              Clock::time_point now = Clock::now());
  // Whether acquire() would refuse now, without recording anything.
  std::optional<std::chrono::seconds> check(const std::string& key,
                                            Clock::time_point now = Clock::now());
  std::size_t tracked_keys() const;

 private:
  std::optional<std::chrono::seconds> refusal(std::deque<Clock::time_point>& times,
                                              Clock::time_point now) const;
  void sweep(Clock::time_point now);

  const int limit_;
  const std::chrono::seconds window_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Clock::time_point>> events_;
  std::uint64_t calls_ = 0;
};

}  // namespace sb::core
