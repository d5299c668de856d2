// SPDX-License-Identifier: Apache-2.0
// See send_health.hpp.
#include "send_health.hpp"

namespace webpush {

void SendHealth::record(const sb::PushResult& result, const std::string& origin) {
  using Outcome = sb::PushResult::Outcome;
  std::lock_guard lock(mutex_);
  if (result.outcome == Outcome::sent) {
    streak_ = 0;
    last_failure_.clear();
  } else if (result.outcome != Outcome::gone) {
    ++streak_;
    last_failure_ = origin + ": " + result.reason;
  }
}

sb::Health SendHealth::health() const {
  std::lock_guard lock(mutex_);
  if (streak_ < degraded_after_) return sb::Health::ok();
  return sb::Health::degraded(std::to_string(streak_) +
                              " pushes in a row failed; last: " + last_failure_);
}

}  // namespace webpush
