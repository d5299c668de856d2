// SPDX-License-Identifier: Apache-2.0
// A small read-through cache with a time to live, safe against a read racing a write: a
// value read before an invalidation is never stored after it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace sb::core {

template <class V>
class ReadCache {
 public:
  using Clock = std::chrono::steady_clock;

  ReadCache(Clock::duration ttl, std::size_t max_entries) : ttl_(ttl), max_(max_entries) {}

  bool enabled() const { return ttl_ > Clock::duration::zero(); }

  // The cached value, or what `load()` returns, stored when `keep(value)` and no
  // invalidation ran meanwhile.
  template <class Load, class Keep>
  V get(const std::string& key, Load&& load, Keep&& keep) {
    if (!enabled()) return load();
    std::uint64_t generation;
    {
      std::lock_guard lock(mutex_);
      auto it = map_.find(key);
      if (it != map_.end() && it->second.expires > Clock::now()) return it->second.value;
      generation = generation_;
    }
    V value = load();
    std::lock_guard lock(mutex_);
    if (generation == generation_ && keep(value)) {
      // Past the bound everything goes at once: simpler than LRU, and rare at this size.
      if (map_.size() >= max_) map_.clear();
      map_.insert_or_assign(key, Entry{value, Clock::now() + ttl_});
    }
    return value;
  }

  template <class Load>
  V get(const std::string& key, Load&& load) {
    return get(key, std::forward<Load>(load), [](const V&) { return true; });
  }

  void invalidate(const std::string& key) {
    std::lock_guard lock(mutex_);
    ++generation_;
    map_.erase(key);
  }

  void clear() {
    std::lock_guard lock(mutex_);
    ++generation_;
    map_.clear();
  }

 private:
  struct Entry {
    V value;
    Clock::time_point expires;
  };
  Clock::duration ttl_;
  std::size_t max_;
  std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> map_;
};

}  // namespace sb::core
