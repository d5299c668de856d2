// SPDX-License-Identifier: Apache-2.0
// See ack_watch.hpp. Ordered by due time, so a timer tick reads only what is overdue.
#include "kernel/core/ack_watch.hpp"

namespace sb::core {

void AckWatch::watch(std::weak_ptr<Session> session, Clock::time_point due) {
  std::lock_guard lock(mutex_);
  by_due_.emplace(due, std::move(session));
}

std::vector<std::shared_ptr<Session>> AckWatch::due(Clock::time_point now) {
  std::vector<std::shared_ptr<Session>> out;
  std::lock_guard lock(mutex_);
  auto end = by_due_.upper_bound(now);
  for (auto it = by_due_.begin(); it != end; ++it)
    if (auto s = it->second.lock()) out.push_back(std::move(s));
  by_due_.erase(by_due_.begin(), end);
  return out;
}

std::size_t AckWatch::watched() const {
  std::lock_guard lock(mutex_);
  return by_due_.size();
}

}  // namespace sb::core
