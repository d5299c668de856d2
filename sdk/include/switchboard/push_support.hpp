// SPDX-License-Identifier: Apache-2.0
// What every HTTP push provider needs alike: reading a service's Retry-After, and turning a
// run of failed pushes into degraded health so an operator sees a refusing service before
// users notice missing notifications.
#pragma once

#include <charconv>
#include <cstdint>
#include <ctime>
#include <mutex>
#include <string>
#include <string_view>

#include <switchboard/health.hpp>
#include <switchboard/services/push.hpp>

namespace sb {

// Retry-After (RFC 9110 §10.2.3: delta-seconds or an IMF-fixdate such as
// "Sun, 06 Nov 1994 08:49:37 GMT") as milliseconds from `now_s`; -1 when absent or not
// understood, 0 for a date already past.
inline std::int64_t retry_after_ms(std::string_view value, std::int64_t now_s) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return -1;
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size()) {
    // Beyond ~30 years is nonsense, not a wait.
    return seconds < 0 || seconds > 999'999'999 ? -1 : seconds * 1000;
  }
  std::tm tm{};
  std::string text(value);
  const char* rest = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!rest || *rest) return -1;
  std::int64_t at = ::timegm(&tm);
  return at <= now_s ? 0 : (at - now_s) * 1000;
}

// Degraded after `degraded_after` failed pushes in a row, with the last reason; ok again
// after one sent. A gone subscription is the service working as it should and counts for
// neither.
class PushFailureStreak {
 public:
  explicit PushFailureStreak(std::int64_t degraded_after = 5) : degraded_after_(degraded_after) {}

  // `label` prefixes the reason (e.g. the push service's origin; never a secret endpoint).
  void record(const PushResult& result, const std::string& label = {}) {
    std::lock_guard lock(mutex_);
    if (result.outcome == PushResult::Outcome::sent) {
      streak_ = 0;
      last_failure_.clear();
    } else if (result.outcome != PushResult::Outcome::gone) {
      ++streak_;
      last_failure_ = label.empty() ? result.reason : label + ": " + result.reason;
    }
  }
  Health health() const {
    std::lock_guard lock(mutex_);
    if (streak_ < degraded_after_) return Health::ok();
    return Health::degraded(std::to_string(streak_) +
                            " pushes in a row failed; last: " + last_failure_);
  }

 private:
  const std::int64_t degraded_after_;
  mutable std::mutex mutex_;
  std::int64_t streak_ = 0;
  std::string last_failure_;
};

}  // namespace sb
