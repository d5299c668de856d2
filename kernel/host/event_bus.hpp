// SPDX-License-Identifier: Apache-2.0
// The kernel's typed event bus: owns every handler and hands each plugin instance an sb::Bus
// view bound to its id, so the [bus] section can reorder, restrict, filter and time it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <switchboard/bus.hpp>
#include <switchboard/json.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

namespace detail {
class BusCore;
}

// Semantics are those documented in switchboard/bus.hpp, plus:
//  - Interceptor deadlines are checked after the call returns (a call cannot be preempted):
//    an overrun counts as a failure. Amendments made by a fail-open handler that threw or
//    overran stay in the event (there is no type-erased copy to restore it from).
//  - Rules come from BusSettings::handlers[instance] and are read when a handler subscribes.
//  - Filters compare top-level fields of the event's JSON form for equality.
//  - Subscription::reset() does not wait: a call already dispatched may still finish, but
//    none starts after reset() returns. remove_instance() is the barrier before dlclose.
class EventBus {
 public:
  EventBus(const BusSettings& settings, Logger& log, Metrics& metrics);
  // Stops the observer workers (see stop()). Subscriptions may outlive the bus; views may be
  // destroyed after it but not used.
  ~EventBus();
  EventBus(const EventBus&) = delete;
  EventBus& operator=(const EventBus&) = delete;

  // The Bus an instance ("kernel" or a plugin instance id) subscribes and publishes through.
  // The plugin host wraps it in declared_bus() to hold a plugin to its manifest.
  std::unique_ptr<Bus> view(std::string instance_id);

  // Removes every handler of the instance, then waits up to `wait` until none of its
  // callbacks is running and no event it published is still queued; then releases its
  // callbacks. Returns false on timeout: the instance's code may still run, so its shared
  // object must not be closed. Safe to call from one of the instance's own callbacks (that
  // call is not waited for, and makes the result false).
  bool remove_instance(std::string_view instance_id,
                       std::chrono::milliseconds wait = std::chrono::seconds(5));

  // The effective graph, one object per event name (sorted):
  //   {"event", "interceptors": [{"instance", "priority", "deadline_ms", "failure_mode",
  //    "filter", "excluded"}...] in call order, "observers": [{"instance", "worker",
  //    "filter", "excluded"}...] in subscription order}.
  json::array wiring() const;

  // Lets the observer workers drain their queues for up to `drain`, drops (and counts) what
  // is left, and joins them. Later publishes are counted as dropped. Idempotent.
  void stop(std::chrono::milliseconds drain = std::chrono::seconds(5));

 private:
  std::shared_ptr<detail::BusCore> core_;
};

}  // namespace sb::kernel
