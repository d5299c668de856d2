// SPDX-License-Identifier: Apache-2.0
// See rate_limiter.hpp. Each key keeps the times of its last `limit` events; keys whose
// events all left the window are swept now and then, so memory follows recent traffic.
#include "kernel/core/rate_limiter.hpp"

namespace sb::core {

RateLimiter::RateLimiter(int limit, std::chrono::seconds window)
    : limit_(limit < 1 ? 1 : limit), window_(window) {}

std::optional<std::chrono::seconds> RateLimiter::refusal(std::deque<Clock::time_point>& times,
                                                         Clock::time_point now) const {
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
  if (static_cast<int>(times.size()) < limit_) return std::nullopt;
  auto wait = times.front() + window_ - now;
  auto secs = std::chrono::ceil<std::chrono::seconds>(wait);
  return secs < std::chrono::seconds(1) ? std::chrono::seconds(1) : secs;
}

std::optional<std::chrono::seconds> RateLimiter::acquire(const std::string& key,
                                                         Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (++calls_ % 1024 == 0) sweep(now);
  auto& times = events_[key];
  if (auto wait = refusal(times, now)) return wait;
  times.push_back(now);
  return std::nullopt;
}

std::optional<std::chrono::seconds> RateLimiter::check(const std::string& key,
                                                       Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  return it == events_.end() ? std::nullopt : refusal(it->second, now);
}

std::size_t RateLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

void RateLimiter::sweep(Clock::time_point now) {
  for (auto it = events_.begin(); it != events_.end();) {
    if (it->second.empty() || it->second.back() + window_ <= now)
      it = events_.erase(it);
    else
      ++it;
  }
}

}  // namespace sb::core
