// SPDX-License-Identifier: Apache-2.0
// See session_registry.hpp. Readers (fan-out) far outnumber writers (connects), hence the
// shared mutex; a user's entries are a short vector (a few devices).
#include "kernel/core/session_registry.hpp"

#include <algorithm>
#include <mutex>

#include "kernel/core/session.hpp"

namespace sb::core {

bool SessionRegistry::add(const std::string& user, const std::string& device,
                          std::shared_ptr<Session> s) {
  std::unique_lock lock(mutex_);
  auto& v = by_user_[user];
  v.push_back({device, std::move(s)});
  ++count_;
  return v.size() == 1;
}

bool SessionRegistry::remove(const std::string& user, const Session* s) {
  std::unique_lock lock(mutex_);
  auto it = by_user_.find(user);
  if (it == by_user_.end()) return false;
  auto& v = it->second;
  auto e = std::find_if(v.begin(), v.end(), [&](const Entry& x) { return x.session.get() == s; });
  if (e == v.end()) return false;
  v.erase(e);
  --count_;
  if (!v.empty()) return false;
  by_user_.erase(it);
  return true;
}

std::vector<std::shared_ptr<Session>> SessionRegistry::find(const std::string& user,
                                                            const std::string& device) const {
  std::vector<std::shared_ptr<Session>> out;
  std::shared_lock lock(mutex_);
  auto it = by_user_.find(user);
  if (it == by_user_.end()) return out;
  for (auto& e : it->second)
    if (device.empty() || e.device == device) out.push_back(e.session);
  return out;
}

bool SessionRegistry::online(const std::string& user) const {
  std::shared_lock lock(mutex_);
  return by_user_.contains(user);
}

std::vector<std::string> SessionRegistry::users() const {
  std::vector<std::string> out;
  {
    std::shared_lock lock(mutex_);
    out.reserve(by_user_.size());
    for (auto& [user, entries] : by_user_) out.push_back(user);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::map<std::string, std::size_t> SessionRegistry::count_by_transport() const {
  std::map<std::string, std::size_t> out;
  std::shared_lock lock(mutex_);
  for (auto& [user, entries] : by_user_)
    for (auto& e : entries) out[e.session->transport()]++;
  return out;
}

std::size_t SessionRegistry::user_count() const {
  std::shared_lock lock(mutex_);
  return by_user_.size();
}

std::size_t SessionRegistry::size() const {
  std::shared_lock lock(mutex_);
  return count_;
}

void SessionRegistry::clear() {
  std::unordered_map<std::string, std::vector<Entry>> drop;
  {
    std::unique_lock lock(mutex_);
    drop.swap(by_user_);
    count_ = 0;
  }
}

}  // namespace sb::core
