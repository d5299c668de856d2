// SPDX-License-Identifier: Apache-2.0
// See sessions.hpp.
#include "sessions.hpp"

#include <algorithm>
#include <vector>

#include "secrets.hpp"

namespace sb::admin {

std::pair<std::string, std::string> Sessions::create(const std::string& name,
                                                     const std::string& hash) {
  auto id = random_hex(32);
  auto csrf = random_hex(32);
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  sweep_locked(now);
  by_id_[id] = Entry{{name, csrf, hash}, now, now};
  return {id, csrf};
}

std::optional<LoginSession> Sessions::use(const std::string& id) {
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  if (now - it->second.last > idle_ || now - it->second.created > absolute_) {
    by_id_.erase(it);
    return std::nullopt;
  }
  it->second.last = now;
  return it->second.s;
}

void Sessions::end(const std::string& id) {
  std::lock_guard lock(mutex_);
  by_id_.erase(id);
}

void Sessions::end_all(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(by_id_, [&](auto& kv) { return kv.second.s.name == name; });
}

void Sessions::sweep_locked(Clock::time_point now) {
  std::erase_if(by_id_, [&](auto& kv) {
    return now - kv.second.last > idle_ || now - kv.second.created > absolute_;
  });
}

int LoginLimiter::retry_after(const std::string& key) {
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  auto& v = it->second;
  std::erase_if(v, [&](auto t) { return now - t >= window_; });
  if (v.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (static_cast<int>(v.size()) < max_) return 0;
  auto wait = std::chrono::duration_cast<std::chrono::seconds>(v.front() + window_ - now);
  return std::max<int>(1, static_cast<int>(wait.count()) + 1);
}

void LoginLimiter::failed(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_[key].push_back(Clock::now());
  // Bounded memory: a flood of addresses cannot grow the map without end.
  if (failures_.size() > 100'000) failures_.clear();
}

void LoginLimiter::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace sb::admin
