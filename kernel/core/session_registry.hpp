// SPDX-License-Identifier: Apache-2.0
// The live, authenticated sessions of this node by user and device: where fan-out finds the
// connections to push to, and what revocation closes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sb::core {

class Session;

class SessionRegistry {
 public:
  // Returns true when this is the user's first live session on the node.
  bool add(const std::string& user, const std::string& device, std::shared_ptr<Session> s);
  // Returns true when this was the user's last live session on the node.
  bool remove(const std::string& user, const Session* s);

  // The sessions of one device (several when it connected twice), or of every device of a
  // user when `device` is empty.
  std::vector<std::shared_ptr<Session>> find(const std::string& user,
                                             const std::string& device = {}) const;
  bool online(const std::string& user) const;
  // Users with a live session, sorted (the admin API's "online" filter).
  std::vector<std::string> users() const;
  std::size_t user_count() const;
  // Live sessions per transport name ("websocket", "longpoll", ...).
  std::map<std::string, std::size_t> count_by_transport() const;
  std::size_t size() const;
  void clear();

 private:
  struct Entry {
    std::string device;
    std::shared_ptr<Session> session;
  };
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::vector<Entry>> by_user_;
  std::size_t count_ = 0;
};

}  // namespace sb::core
