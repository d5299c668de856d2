// SPDX-License-Identifier: Apache-2.0
// Sessions that hold events back until their device acks, each with the time by which an
// ack must come ([messaging] slow_consumer_timeout_ms). A timer hands the overdue ones back;
// each decides on its own strand whether it is still stuck, since an ack may have come.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace sb::core {

class Session;

class AckWatch {
 public:
  using Clock = std::chrono::steady_clock;

  explicit AckWatch(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  // 0: sessions wait for acks as long as they like.
  std::chrono::milliseconds timeout() const { return timeout_; }
  bool enabled() const { return timeout_.count() > 0; }

  // `session` must see an ack by `due`. Weak: a session that ends is simply not handed back.
  void watch(std::weak_ptr<Session> session, Clock::time_point due);
  // Removes and returns the sessions whose time came by `now` (those still alive).
  std::vector<std::shared_ptr<Session>> due(Clock::time_point now);
  std::size_t watched() const;

 private:
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mutex_;
  std::multimap<Clock::time_point, std::weak_ptr<Session>> by_due_;
};

}  // namespace sb::core
