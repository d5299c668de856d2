// SPDX-License-Identifier: Apache-2.0
// Turns a run of failed pushes into degraded health with the last reason, so an operator
// sees a push service that keeps refusing before users notice missing notifications.
#pragma once

#include <mutex>
#include <string>

#include <switchboard/health.hpp>
#include <switchboard/services/push.hpp>

namespace push_fcm {

class FailureStreak {
 public:
  static constexpr int kDegradedAfter = 5;

  void record(const sb::PushResult& r) {
    using Outcome = sb::PushResult::Outcome;
    std::lock_guard lock(mutex_);
    if (r.outcome == Outcome::sent || r.outcome == Outcome::gone) {
      failures_ = 0;
      return;
    }
    ++failures_;
    last_reason_ = r.reason;
  }
  sb::Health health() const {
    std::lock_guard lock(mutex_);
    if (failures_ < kDegradedAfter) return sb::Health::ok();
    return sb::Health::degraded("the last " + std::to_string(failures_) +
                                " pushes failed; last: " + last_reason_);
  }

 private:
  mutable std::mutex mutex_;
  int failures_ = 0;
  std::string last_reason_;
};

}  // namespace push_fcm
