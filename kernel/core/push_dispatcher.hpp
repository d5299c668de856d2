// SPDX-License-Identifier: Apache-2.0
// Decides when an offline device is pushed and through which provider: observes push.needed
// (off the message path, on the bus's bounded observer queue), coalesces per device, sends
// through the device's subscriptions, retries with backoff and jitter, forgets subscriptions
// a push service calls gone, and counts it all per provider instance.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/bus.hpp>
#include <switchboard/events/device.hpp>
#include <switchboard/events/push.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>
#include <switchboard/scheduler.hpp>
#include <switchboard/services.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/push.hpp>
#include <switchboard/services/push_store.hpp>
#include <switchboard/subscription.hpp>

#include "kernel/host/settings.hpp"

namespace sb::core {

struct PushParts {
  const kernel::MessagingSettings& settings;
  ServiceRegistry& services;
  // The ids of the instances providing "push", in start order (the registry's view of
  // them carries no ids).
  std::function<std::vector<std::string>()> provider_ids;
  std::shared_ptr<PushStore> store;
  std::shared_ptr<AccountStore> accounts;
  Bus& bus;
  Scheduler& scheduler;
  Metrics& metrics;
  Logger& log;
  // Runs blocking work (store calls) off the bus and timer threads.
  std::function<void(std::function<void()>)> post;
  std::function<std::int64_t()> now_ms;
};

class PushDispatcher : public std::enable_shared_from_this<PushDispatcher> {
 public:
  explicit PushDispatcher(PushParts parts);
  // Subscribes to push.needed and device.online.
  void start();
  // Drops the subscriptions and pending timers; sends in flight end unseen.
  void stop();

  std::shared_ptr<PushProvider> provider(const std::string& id) const;
  std::vector<std::pair<std::string, std::shared_ptr<PushProvider>>> providers() const;

 private:
  struct Device {
    std::int64_t waiting = 0;     // items since the device was last online
    std::int64_t pushed_at = -1;  // -1: not pushed since it was last online
    std::int64_t waiting_at_push = 0;
    bool timer = false;
    std::string kind, chat, from_user;
    std::int64_t ts = 0;
  };
  struct Attempt {
    PushSubscription sub;
    PushNotice notice;
    int tries = 0;
    std::int64_t first_ms = 0;
  };
  struct Instruments {
    Counter* sent;
    Counter* failed;
    Counter* gone;
    Counter* retried;
    Histogram* seconds;
  };

  void on_needed(const PushNeeded& e);
  void on_online(const DeviceOnline& e);
  void on_timer(const std::string& key);
  // Called with mutex_ held: takes the device's state into a push and posts it.
  void push_locked(const std::string& key, Device& d, std::int64_t now);
  void send_to_device(std::string user, std::string device, Device snapshot);
  void attempt(std::shared_ptr<Attempt> a);
  void retry_later(std::shared_ptr<Attempt> a, const PushResult& r);
  Instruments& instruments(const std::string& provider);
  void keep_timer(Subscription s);

  PushParts parts_;
  std::vector<Subscription> subs_;
  mutable std::mutex mutex_;
  std::map<std::string, Device> devices_;  // "user/device"
  std::map<std::uint64_t, Subscription> timers_;
  std::uint64_t next_timer_ = 0;
  std::map<std::string, Instruments> instruments_;
  bool stopped_ = false;
  Counter& needed_;
  Counter& coalesced_;
  Counter& no_subscription_;
};

}  // namespace sb::core
