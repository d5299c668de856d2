// SPDX-License-Identifier: Apache-2.0
// The typed event bus, as a plugin sees it. Each plugin's Context hands it a Bus bound to its
// instance id, so the deployment's [bus] section can reorder, restrict, filter and time its
// handlers, and every handler gets a latency histogram and an error counter.
//
// Interceptors run synchronously on the thread that submits the change, highest priority
// first, before the change is committed. Each returns proceed, amend (it changed the event
// in place) or veto (the change is refused; code and reason reach the client). A handler
// that throws or overruns its deadline is treated by its failure mode: fail open (ignored)
// or fail closed (veto "unavailable").
//
// Observers run after commit on the bus's worker pool; one handler sees events in publish
// order. Their queues are bounded: an event that does not fit is counted
// (sb_bus_dropped_total) and logged, never silently lost.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <switchboard/event.hpp>
#include <switchboard/subscription.hpp>

namespace sb {

struct Verdict {
  enum class Kind { proceed, amend, veto };
  Kind kind = Kind::proceed;
  std::string code;    // veto: a protocol error code, e.g. "forbidden", "rate_limited"
  std::string reason;  // veto: human-readable, reaches the client
  std::string by;      // veto: filled in by the bus with the vetoing instance id

  static Verdict proceed() { return {}; }
  static Verdict amended() { return {Kind::amend, {}, {}, {}}; }
  static Verdict veto(std::string code, std::string reason) {
    return {Kind::veto, std::move(code), std::move(reason), {}};
  }
  bool vetoed() const { return kind == Kind::veto; }
};

class Bus {
 public:
  virtual ~Bus() = default;

  // A plugin's interceptor runs at the priority its manifest declares (Interception) unless
  // the deployment overrides it; `priority` is only for the kernel's own handlers.
  template <Event E>
  [[nodiscard]] Subscription intercept(std::function<Verdict(E&)> fn, int priority = 0) {
    return intercept_erased(event_type<E>(), priority,
                            [fn = std::move(fn)](void* e) { return fn(*static_cast<E*>(e)); });
  }

  template <Event E>
  [[nodiscard]] Subscription observe(std::function<void(const E&)> fn) {
    return observe_erased(event_type<E>(),
                          [fn = std::move(fn)](const void* e) { fn(*static_cast<const E*>(e)); });
  }

  // Runs the interceptors on `event`; the result is proceed (possibly after amendments,
  // then kind == amend) or the first veto.
  template <Event E>
  Verdict submit(E& event) {
    return submit_erased(event_type<E>(), &event);
  }

  // Hands `event` to the observers; returns at once.
  template <Event E>
  void publish(E event) {
    publish_erased(event_type<E>(), std::make_shared<const E>(std::move(event)));
  }

 protected:
  virtual Subscription intercept_erased(const EventType& type, int priority,
                                        std::function<Verdict(void*)> fn) = 0;
  virtual Subscription observe_erased(const EventType& type,
                                      std::function<void(const void*)> fn) = 0;
  virtual Verdict submit_erased(const EventType& type, void* event) = 0;
  virtual void publish_erased(const EventType& type, std::shared_ptr<const void> event) = 0;
};

}  // namespace sb
