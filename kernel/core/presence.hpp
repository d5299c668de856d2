// SPDX-License-Identifier: Apache-2.0
// Online/offline/last seen: who is subscribed to whom, what each viewer may see (privacy
// settings, blocks), and the coalescing that keeps a flapping connection from flooding
// subscribers (a change is published after a quiet window, and only if it still holds).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/subscription.hpp>

namespace sb::core {

class Engine;
class Session;

// Whether `viewer` may see what `owner` shares under `setting` ("everyone", "contacts",
// "nobody"); `is_contact` says whether the viewer is in the owner's contacts.
bool privacy_allows(const std::string& setting, bool is_contact);

class Presence {
 public:
  explicit Presence(Engine& engine) : engine_(engine) {}

  // A user's first session on this node opened, or the last one closed.
  void changed(const std::string& user);
  // Adds subscriptions and sends the current state of each user, as privacy allows.
  void subscribe(const std::shared_ptr<Session>& subscriber, const std::string& viewer,
                 const std::vector<std::string>& users);
  void unsubscribe(const Session* subscriber);
  // Stops pending timers (shutdown).
  void stop();

 private:
  struct State {
    bool published_online = false;
    std::int64_t last_seen = 0;
    Subscription timer;
  };
  struct Watcher {
    std::weak_ptr<Session> session;
    std::string viewer;
  };
  void flush(const std::string& user);
  // The presence frame `viewer` may see, or empty.
  std::string event_for(const std::string& user, const std::string& viewer, bool online,
                        std::int64_t last_seen);
  std::int64_t stored_last_seen(const std::string& user);

  Engine& engine_;
  std::mutex mutex_;
  bool stopped_ = false;
  std::map<std::string, State> state_;
  std::map<std::string, std::vector<Watcher>> watchers_;         // by watched user
  std::map<const Session*, std::vector<std::string>> watching_;  // by subscriber
};

}  // namespace sb::core
