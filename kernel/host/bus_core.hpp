// SPDX-License-Identifier: Apache-2.0
// The event bus's shared state, internal to the kernel: handlers, their per-event dispatch
// snapshots and the observer pool. EventBus and its per-instance views both hold it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/bus.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>

#include "kernel/host/observer_pool.hpp"
#include "kernel/host/settings.hpp"

namespace sb::kernel::detail {

enum class HandlerKind { interceptor, observer };

// At most one log line per second per handler and cause, carrying how many it stands for,
// so a handler failing on every event cannot flood the log.
class RateLimit {
 public:
  // Returns how many hits to report now, or 0 while muted.
  std::uint64_t hit();

 private:
  std::atomic<std::uint64_t> pending_{0};
  std::atomic<std::int64_t> next_ns_{0};
};

// Per publishing instance. Queued deliveries own the publisher's event objects, whose
// destructors live in its shared object, so remove_instance waits for `queued` to be zero.
struct Publisher {
  std::string instance;
  std::atomic<std::int64_t> queued{0};
};

struct Handler {
  std::uint64_t id = 0;  // also the subscription order
  HandlerKind kind = HandlerKind::observer;
  std::string instance;
  std::string event;
  int priority = 0;  // effective: the deployment's rule, else the plugin's
  std::chrono::milliseconds deadline{0};
  FailureMode failure_mode = FailureMode::open;
  json::object filter;
  bool excluded = false;  // the instance's `events` rule leaves this event out
  std::size_t worker = 0;
  // Plugin code: cleared by remove_instance once no call is running, so the plugin's shared
  // object can be closed while deliveries still reference the handler.
  std::function<Verdict(void*)> intercept;
  std::function<void(const void*)> observe;
  Histogram* latency = nullptr;
  Counter* errors = nullptr;
  Counter* vetoes = nullptr;   // interceptors
  Counter* dropped = nullptr;  // observers
  std::atomic<bool> active{true};
  std::atomic<int> running{0};
  RateLimit failure_log;
  RateLimit drop_log;
};

// Handlers this thread is inside of, so that remove_instance called from a callback does
// not wait for itself.
extern thread_local std::vector<const Handler*> t_running;

class BusCore : public std::enable_shared_from_this<BusCore> {
 public:
  BusCore(const BusSettings& settings, Logger& log, Metrics& metrics);
  ~BusCore();

  Subscription subscribe(HandlerKind kind, std::string_view instance, const EventType& type,
                         int priority, std::function<Verdict(void*)> intercept,
                         std::function<void(const void*)> observe);
  Verdict submit(const EventType& type, void* event);
  void publish(Publisher& from, const EventType& type, std::shared_ptr<const void> event);
  std::shared_ptr<Publisher> publisher(std::string_view instance);
  bool remove_instance(std::string_view instance, std::chrono::milliseconds wait);
  json::array wiring() const;
  void stop(std::chrono::milliseconds drain);

 private:
  // What submit and publish read: replaced whole under the write lock, never modified.
  // Excluded handlers are left out; filters are checked per handler, so an event's JSON form
  // is computed only when a handler that has one is reached.
  struct Lists {
    std::vector<std::shared_ptr<Handler>> interceptors;  // in call order
    std::vector<std::shared_ptr<Handler>> observers;
  };
  struct Slot {
    std::vector<std::shared_ptr<Handler>> all;  // subscription order, excluded ones too
    std::shared_ptr<const Lists> lists;
    Counter* published = nullptr;
  };

  Slot& slot(std::string_view event);  // under the write lock
  void rebuild(Slot& slot);            // under the write lock
  void unsubscribe(std::uint64_t id);
  void deliver(Delivery& d);
  void discard(Delivery& d);
  void dropped(Handler& h, std::string_view why);
  static void finish(Delivery& d);

  BusSettings settings_;
  Logger& log_;
  Metrics& metrics_;
  std::atomic<std::uint64_t> next_id_{1};

  mutable std::shared_mutex mutex_;
  std::map<std::string, Slot, std::less<>> slots_;
  std::map<std::uint64_t, std::shared_ptr<Handler>> handlers_;
  // Unsubscribed handlers a worker may still hold; remove_instance waits for them too.
  std::vector<std::weak_ptr<Handler>> retired_;
  std::map<std::string, std::shared_ptr<Publisher>, std::less<>> publishers_;

  ObserverPool pool_;  // last: its workers stop before the rest is destroyed
};

}  // namespace sb::kernel::detail
