// SPDX-License-Identifier: Apache-2.0
// See push_dispatcher.hpp. Threads: push.needed and device.online arrive on bus workers,
// timers fire on the timer thread, store calls run on the core's workers (parts.post), and
// providers answer on their own threads; `mutex_` guards the per-device state and timers.
#include "kernel/core/push_dispatcher.hpp"

#include <algorithm>
#include <random>

namespace sb::core {
namespace {

std::string key_of(const std::string& user, const std::string& device) {
  return user + "/" + device;
}

// Exponential backoff from one second, doubled per try, with full jitter between half and
// all of it so that a service recovering from an outage is not hit by every retry at once.
std::int64_t backoff_ms(int tries) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::int64_t ceiling = 1000LL << std::min(tries - 1, 10);
  std::uniform_int_distribution<std::int64_t> pick(ceiling / 2, ceiling);
  return pick(rng);
}

const char* outcome_name(PushResult::Outcome o) {
  switch (o) {
    case PushResult::Outcome::sent: return "sent";
    case PushResult::Outcome::gone: return "gone";
    case PushResult::Outcome::retry: return "retry";
    case PushResult::Outcome::dropped: return "dropped";
  }
  return "?";
}

}  // namespace

PushDispatcher::PushDispatcher(PushParts parts)
    : parts_(std::move(parts)),
      needed_(parts_.metrics.counter("sb_push_needed_total",
                                     "Items that reached an offline device's inbox and may push")),
      coalesced_(parts_.metrics.counter(
          "sb_push_coalesced_total",
          "Items folded into an earlier or later push instead of pushing on their own")),
      no_subscription_(parts_.metrics.counter("sb_push_no_subscription_total",
                                              "Pushes not sent: the device has no subscription")) {}

void PushDispatcher::start() {
  std::weak_ptr<PushDispatcher> weak = weak_from_this();
  subs_.push_back(parts_.bus.observe<PushNeeded>([weak](const PushNeeded& e) {
    if (auto self = weak.lock()) self->on_needed(e);
  }));
  subs_.push_back(parts_.bus.observe<DeviceOnline>([weak](const DeviceOnline& e) {
    if (auto self = weak.lock()) self->on_online(e);
  }));
  for (auto& [id, p] : providers()) instruments(id);  // every provider's series exist at 0
}

void PushDispatcher::stop() {
  std::map<std::uint64_t, Subscription> timers;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    timers.swap(timers_);
  }
  subs_.clear();
  timers.clear();  // outside the lock: a firing timer waits for it
}

std::shared_ptr<PushProvider> PushDispatcher::provider(const std::string& id) const {
  auto ids = parts_.provider_ids();
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) return nullptr;
  return parts_.services.get<PushProvider>(id);
}

std::vector<std::pair<std::string, std::shared_ptr<PushProvider>>> PushDispatcher::providers()
    const {
  std::vector<std::pair<std::string, std::shared_ptr<PushProvider>>> out;
  for (auto& id : parts_.provider_ids())
    if (auto p = parts_.services.get<PushProvider>(id)) out.emplace_back(id, std::move(p));
  return out;
}

PushDispatcher::Instruments& PushDispatcher::instruments(const std::string& provider) {
  std::lock_guard lock(mutex_);
  auto it = instruments_.find(provider);
  if (it != instruments_.end()) return it->second;
  Labels l{{"provider", provider}};
  auto& m = parts_.metrics;
  Instruments i{&m.counter("sb_push_sent_total", "Pushes a push service accepted", l),
                &m.counter("sb_push_failed_total",
                           "Pushes given up: refused by the service or out of retries", l),
                &m.counter("sb_push_gone_total",
                           "Subscriptions deleted because the push service said they are gone", l),
                &m.counter("sb_push_retried_total",
                           "Push sends retried after 429, 5xx or a "
                           "network error",
                           l),
                &m.histogram("sb_push_send_seconds", "Time for one push send to be answered", l)};
  return instruments_.emplace(provider, i).first->second;
}

void PushDispatcher::keep_timer(Subscription s) {
  // mutex_ held by the caller.
  timers_.emplace(next_timer_++, std::move(s));
}

void PushDispatcher::on_needed(const PushNeeded& e) {
  needed_.inc();
  auto now = parts_.now_ms();
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  auto key = key_of(e.user, e.device);
  auto& d = devices_[key];
  ++d.waiting;
  d.kind = e.kind;
  d.chat = e.chat;
  d.from_user = e.from_user;
  d.ts = e.ts;
  auto interval = parts_.settings.push_interval.count();
  // Unanswered since the last push: wait for the interval, then one push for all of it.
  if (d.pushed_at >= 0 && now - d.pushed_at < interval) {
    coalesced_.inc();
    if (!d.timer) {
      d.timer = true;
      std::weak_ptr<PushDispatcher> weak = weak_from_this();
      auto id = next_timer_;
      keep_timer(parts_.scheduler.after(std::chrono::milliseconds(d.pushed_at + interval - now),
                                        [weak, key, id] {
                                          auto self = weak.lock();
                                          if (!self) return;
                                          Subscription mine;
                                          {
                                            std::lock_guard lock(self->mutex_);
                                            auto it = self->timers_.find(id);
                                            if (it != self->timers_.end()) {
                                              mine = std::move(it->second);
                                              self->timers_.erase(it);
                                            }
                                          }
                                          self->on_timer(key);
                                        }));
    }
    return;
  }
  push_locked(key, d, now);
}

void PushDispatcher::on_timer(const std::string& key) {
  auto now = parts_.now_ms();
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  auto it = devices_.find(key);
  if (it == devices_.end()) return;  // came back online meanwhile
  auto& d = it->second;
  d.timer = false;
  if (d.pushed_at < 0 || d.waiting == d.waiting_at_push) return;
  push_locked(key, d, now);
}

void PushDispatcher::on_online(const DeviceOnline& e) {
  std::lock_guard lock(mutex_);
  devices_.erase(key_of(e.user, e.device));
}

void PushDispatcher::push_locked(const std::string& key, Device& d, std::int64_t now) {
  d.pushed_at = now;
  d.waiting_at_push = d.waiting;
  auto slash = key.find('/');
  std::weak_ptr<PushDispatcher> weak = weak_from_this();
  parts_.post([weak, user = key.substr(0, slash), device = key.substr(slash + 1), snap = d] {
    if (auto self = weak.lock()) self->send_to_device(user, device, snap);
  });
}

void PushDispatcher::send_to_device(std::string user, std::string device, Device snap) {
  std::vector<PushSubscription> subs;
  try {
    subs = parts_.store->push_subscriptions(user, device);
  } catch (const std::exception& e) {
    parts_.log.warn("push: reading subscriptions failed", {{"user", user}, {"error", e.what()}});
    return;
  }
  if (subs.empty()) {
    no_subscription_.inc();
    return;
  }
  std::string sender_name;
  for (auto& sub : subs) {
    auto p = provider(sub.provider);
    if (!p) {
      parts_.log.warn("push: subscription names no loaded provider; skipped",
                      {{"provider", sub.provider}, {"user", user}, {"device", device}});
      continue;
    }
    auto a = std::make_shared<Attempt>();
    a->sub = sub;
    a->first_ms = parts_.now_ms();
    auto& n = a->notice;
    n.kind = snap.kind;
    n.chat = snap.chat;
    n.count = snap.waiting;
    n.collapse_key = "inbox";  // one pending push per device is all it needs
    n.urgent = snap.kind == "message" || snap.kind == "call";
    n.ttl_s =
        std::chrono::duration_cast<std::chrono::seconds>(parts_.settings.push_give_up).count();
    n.ttl_s = std::max<std::int64_t>(n.ttl_s, 3600);
    n.ts = snap.ts;
    if (p->wants_sender_name() && !snap.from_user.empty()) {
      if (sender_name.empty()) {
        try {
          if (auto u = parts_.accounts->user_by_id(snap.from_user)) sender_name = u->display_name;
        } catch (const std::exception&) {
        }
      }
      n.sender_name = sender_name;
    }
    attempt(std::move(a));
  }
}

void PushDispatcher::attempt(std::shared_ptr<Attempt> a) {
  auto p = provider(a->sub.provider);
  if (!p) return;
  ++a->tries;
  auto started = std::chrono::steady_clock::now();
  std::weak_ptr<PushDispatcher> weak = weak_from_this();
  p->send(a->sub, a->notice, [weak, a, started](PushResult r) {
    auto self = weak.lock();
    if (!self) return;
    auto& ins = self->instruments(a->sub.provider);
    ins.seconds->observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    auto& log = self->parts_.log;
    switch (r.outcome) {
      case PushResult::Outcome::sent: ins.sent->inc(); return;
      case PushResult::Outcome::gone:
        ins.gone->inc();
        log.info("push: the service says the subscription is gone; deleting it",
                 {{"provider", a->sub.provider}, {"user", a->sub.user}, {"status", r.status}});
        self->parts_.post([self, a] {
          try {
            self->parts_.store->remove_push_subscription(a->sub.user, a->sub.device, a->sub.id);
          } catch (const std::exception& e) {
            self->parts_.log.warn("push: deleting a gone subscription failed",
                                  {{"error", e.what()}});
          }
        });
        return;
      case PushResult::Outcome::dropped:
        ins.failed->inc();
        log.warn("push: refused by the service; not retried",
                 {{"provider", a->sub.provider}, {"status", r.status}, {"reason", r.reason}});
        return;
      case PushResult::Outcome::retry: self->retry_later(a, r); return;
    }
  });
}

void PushDispatcher::retry_later(std::shared_ptr<Attempt> a, const PushResult& r) {
  auto& ins = instruments(a->sub.provider);
  auto delay = std::max(backoff_ms(a->tries), r.retry_after_ms);
  auto now = parts_.now_ms();
  if (a->tries >= parts_.settings.push_max_tries ||
      now + delay - a->first_ms > parts_.settings.push_give_up.count()) {
    ins.failed->inc();
    parts_.log.warn("push: giving up", {{"provider", a->sub.provider},
                                        {"tries", a->tries},
                                        {"status", r.status},
                                        {"outcome", outcome_name(r.outcome)},
                                        {"reason", r.reason}});
    return;
  }
  ins.retried->inc();
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  std::weak_ptr<PushDispatcher> weak = weak_from_this();
  auto id = next_timer_;
  keep_timer(parts_.scheduler.after(std::chrono::milliseconds(delay), [weak, a, id] {
    auto self = weak.lock();
    if (!self) return;
    Subscription mine;
    {
      std::lock_guard lock(self->mutex_);
      auto it = self->timers_.find(id);
      if (it == self->timers_.end()) return;
      mine = std::move(it->second);
      self->timers_.erase(it);
    }
    self->attempt(a);
  }));
}

}  // namespace sb::core
