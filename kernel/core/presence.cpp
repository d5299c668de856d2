// SPDX-License-Identifier: Apache-2.0
// See presence.hpp. Timers fire on the kernel's timer thread and hand the work (store reads
// for privacy) to the core's workers.
#include "kernel/core/presence.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <switchboard/events/device.hpp>

#include "kernel/core/engine.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

bool privacy_allows(const std::string& setting, bool is_contact) {
  return setting == "everyone" || (setting == "contacts" && is_contact);
}

void Presence::changed(const std::string& user) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  auto& st = state_[user];
  if (st.timer) return;  // a publish is already pending; it reads the state when it runs
  auto fire = [this, user] { boost::asio::post(engine_.pool, [this, user] { flush(user); }); };
  if (engine_.settings.presence_coalesce.count() == 0) {
    st.timer = Subscription([] {});
    fire();
  } else {
    st.timer = engine_.scheduler.after(engine_.settings.presence_coalesce, fire);
  }
}

void Presence::flush(const std::string& user) {
  bool online = engine_.sessions.online(user);
  std::int64_t last_seen = 0;
  std::vector<Watcher> watchers;
  Subscription done_timer;
  {
    std::lock_guard lock(mutex_);
    auto& st = state_[user];
    done_timer = std::move(st.timer);
    if (st.published_online == online) {
      if (!online) state_.erase(user);
      return;  // it flapped back within the window: nobody needs to hear about it
    }
    st.published_online = online;
    if (!online) st.last_seen = engine_.now_ms();
    last_seen = st.last_seen;
    if (auto it = watchers_.find(user); it != watchers_.end()) watchers = it->second;
  }
  for (auto& w : watchers) {
    auto s = w.session.lock();
    if (!s) continue;
    auto frame = event_for(user, w.viewer, online, last_seen);
    if (!frame.empty())
      s->post([s, frame = std::move(frame)]() mutable { s->send(std::move(frame)); });
  }
}

std::int64_t Presence::stored_last_seen(const std::string& user) {
  std::int64_t best = 0;
  for (auto& d : engine_.stores.accounts->devices(user)) best = std::max(best, d.last_seen_ms);
  return best;
}

std::string Presence::event_for(const std::string& user, const std::string& viewer, bool online,
                                std::int64_t last_seen) {
  auto& social = *engine_.stores.social;
  if (user == viewer) return {};
  if (social.is_blocked(user, viewer)) return {};
  auto privacy = social.privacy(user);
  bool needs_contact = privacy.online == "contacts" || privacy.last_seen == "contacts";
  bool contact = needs_contact && social.is_contact(user, viewer);
  bool show_online = privacy_allows(privacy.online, contact);
  bool show_last_seen = privacy_allows(privacy.last_seen, contact);
  if (!show_online && !show_last_seen) return {};
  json::object o{{"ev", "presence"}, {"user", user}};
  // Hidden "online" reads as offline, as in WhatsApp; last seen only when allowed.
  o["state"] = online && show_online ? "online" : "offline";
  if (show_last_seen && !online) {
    if (last_seen == 0) last_seen = stored_last_seen(user);
    if (last_seen > 0) o["last_seen"] = last_seen;
  }
  if (!show_online && online && !show_last_seen) return {};
  return json::serialize(o);
}

void Presence::subscribe(const std::shared_ptr<Session>& subscriber, const std::string& viewer,
                         const std::vector<std::string>& users) {
  struct Known {
    std::string user;
    bool online;
    std::int64_t last_seen;
  };
  std::vector<Known> current;
  {
    std::lock_guard lock(mutex_);
    auto& mine = watching_[subscriber.get()];
    for (auto& u : users) {
      if (std::find(mine.begin(), mine.end(), u) != mine.end()) continue;
      mine.push_back(u);
      watchers_[u].push_back({subscriber, viewer});
      // What was published, not the live registry: a change still inside its coalescing
      // window reaches this subscriber when it is published, once.
      auto it = state_.find(u);
      if (it == state_.end())
        current.push_back({u, false, 0});
      else
        current.push_back({u, it->second.published_online, it->second.last_seen});
    }
  }
  for (auto& [u, online, last_seen] : current) {
    auto frame = event_for(u, viewer, online, last_seen);
    if (!frame.empty()) subscriber->send(std::move(frame));
  }
}

void Presence::unsubscribe(const Session* subscriber) {
  std::lock_guard lock(mutex_);
  auto it = watching_.find(subscriber);
  if (it == watching_.end()) return;
  for (auto& u : it->second) {
    auto w = watchers_.find(u);
    if (w == watchers_.end()) continue;
    std::erase_if(w->second, [&](const Watcher& x) {
      auto s = x.session.lock();
      return !s || s.get() == subscriber;
    });
    if (w->second.empty()) watchers_.erase(w);
  }
  watching_.erase(it);
}

void Presence::stop() {
  std::map<std::string, State> drop;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    drop.swap(state_);
  }
}

}  // namespace sb::core
