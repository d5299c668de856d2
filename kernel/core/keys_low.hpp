// SPDX-License-Identifier: Apache-2.0
// Which devices were told keys.low since their last keys.upload: one notice per shortage,
// not one per bundle fetch (a stranger's 30 fetches sent the owner 30 events).
#pragma once

#include <mutex>
#include <string>
#include <unordered_set>

namespace sb::core {

class KeysLowNotices {
 public:
  // True the first time since the device's last upload: send keys.low now.
  bool first(const std::string& user, const std::string& device) {
    std::lock_guard lock(mutex_);
    return told_.insert(user + '\x1f' + device).second;
  }
  // The device uploaded keys: a later shortage is news again.
  void reset(const std::string& user, const std::string& device) {
    std::lock_guard lock(mutex_);
    told_.erase(user + '\x1f' + device);
  }

 private:
  std::mutex mutex_;
  std::unordered_set<std::string> told_;
};

}  // namespace sb::core
