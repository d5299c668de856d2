// SPDX-License-Identifier: Apache-2.0
// Dispatch side of the event bus: interceptor chains on the submitting thread, observer
// deliveries through the pool. Reads only immutable snapshots, taken under a shared lock.
#include <cstdio>
#include <optional>

#include "kernel/host/bus_core.hpp"

namespace sb::kernel::detail {
namespace {

using Clock = std::chrono::steady_clock;

// Counts a call as running for remove_instance. Not entered when the handler was removed
// after the snapshot was taken: it must then not be called.
class CallGuard {
 public:
  explicit CallGuard(Handler& h) : h_(h) {
    // Increment before reading `active`; remove_instance does the opposite (seq_cst both).
    h_.running.fetch_add(1);
    entered_ = h_.active.load();
    if (entered_)
      t_running.push_back(&h_);
    else
      h_.running.fetch_sub(1);
  }
  ~CallGuard() {
    if (!entered_) return;
    t_running.pop_back();
    h_.running.fetch_sub(1);
  }
  CallGuard(const CallGuard&) = delete;
  CallGuard& operator=(const CallGuard&) = delete;
  bool entered() const { return entered_; }

 private:
  Handler& h_;
  bool entered_;
};

bool matches(const json::value& event, const json::object& filter) {
  const json::object* fields = event.if_object();
  if (!fields) return false;
  for (auto& [key, want] : filter) {
    const json::value* have = fields->if_contains(key);
    if (!have || *have != want) return false;
  }
  return true;
}

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

std::string ms_text(Clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::chrono::duration<double, std::milli>(d).count());
  return buf;
}

}  // namespace

std::uint64_t RateLimit::hit() {
  pending_.fetch_add(1, std::memory_order_relaxed);
  std::int64_t now = Clock::now().time_since_epoch().count();
  std::int64_t next = next_ns_.load(std::memory_order_relaxed);
  if (now < next) return 0;
  auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(1)).count();
  if (!next_ns_.compare_exchange_strong(next, now + period)) return 0;
  return pending_.exchange(0);
}

Verdict BusCore::submit(const EventType& type, void* event) {
  std::shared_ptr<const Lists> lists;
  {
    std::shared_lock lock(mutex_);
    auto it = slots_.find(type.name);
    if (it == slots_.end()) return Verdict::proceed();
    lists = it->second.lists;
  }
  std::optional<json::value> fields;  // for filters: computed once, again after an amendment
  bool amended = false;
  for (auto& handler : lists->interceptors) {
    Handler& h = *handler;
    if (!h.filter.empty()) {
      if (!fields) fields = type.to_json(event);
      if (!matches(*fields, h.filter)) continue;
    }
    CallGuard guard(h);
    if (!guard.entered()) continue;

    Verdict v;
    bool threw = false;
    std::string error;
    auto start = Clock::now();
    try {
      v = h.intercept(event);
    } catch (const std::exception& e) {
      threw = true;
      error = e.what();
    } catch (...) {
      threw = true;
      error = "unknown exception";
    }
    auto elapsed = Clock::now() - start;
    h.latency->observe(seconds(elapsed));

    if (threw || elapsed > h.deadline) {
      h.errors->inc();
      std::string reason =
          threw ? "interceptor \"" + h.instance + "\" threw on " + h.event + ": " + error
                : "interceptor \"" + h.instance + "\" overran its deadline on " + h.event + " (" +
                      ms_text(elapsed) + " ms > " + std::to_string(h.deadline.count()) + " ms)";
      bool open = h.failure_mode == FailureMode::open;
      if (auto n = h.failure_log.hit()) {
        log_.warn(open ? "interceptor failed; ignored (fail open)"
                       : "interceptor failed; change vetoed (fail closed)",
                  {{"event", h.event}, {"instance", h.instance}, {"reason", reason}, {"count", n}});
      }
      if (open) {
        // Its verdict is ignored, but an amendment it made in place cannot be undone.
        if (!threw && v.kind == Verdict::Kind::amend) {
          amended = true;
          fields.reset();
        }
        continue;
      }
      v = Verdict::veto("unavailable", std::move(reason));
    }
    if (v.kind == Verdict::Kind::veto) {
      v.by = h.instance;
      h.vetoes->inc();
      return v;
    }
    if (v.kind == Verdict::Kind::amend) {
      amended = true;
      fields.reset();
    }
  }
  return amended ? Verdict::amended() : Verdict::proceed();
}

void BusCore::publish(Publisher& from, const EventType& type, std::shared_ptr<const void> event) {
  std::shared_ptr<const Lists> lists;
  Counter* published = nullptr;
  {
    std::shared_lock lock(mutex_);
    if (auto it = slots_.find(type.name); it != slots_.end()) {
      lists = it->second.lists;
      published = it->second.published;
    }
  }
  if (!published) {
    std::unique_lock lock(mutex_);
    Slot& s = slot(type.name);
    lists = s.lists;
    published = s.published;
  }
  published->inc();

  std::optional<json::value> fields;
  for (auto& h : lists->observers) {
    if (!h->filter.empty()) {
      if (!fields) fields = type.to_json(event.get());
      if (!matches(*fields, h->filter)) continue;
    }
    if (!h->active.load()) continue;
    Delivery d{h, &from, event};
    from.queued.fetch_add(1);
    if (!pool_.try_push(h->worker, d)) {
      finish(d);
      dropped(*h, "queue full or bus stopped");
    }
  }
}

void BusCore::deliver(Delivery& d) {
  Handler& h = *d.handler;
  {
    CallGuard guard(h);
    if (guard.entered()) {
      std::string error;
      auto start = Clock::now();
      try {
        h.observe(d.event.get());
      } catch (const std::exception& e) {
        error = e.what();
        if (error.empty()) error = "exception";
      } catch (...) {
        error = "unknown exception";
      }
      h.latency->observe(seconds(Clock::now() - start));
      if (!error.empty()) {
        h.errors->inc();
        if (auto n = h.failure_log.hit()) {
          log_.error(
              "observer threw",
              {{"event", h.event}, {"instance", h.instance}, {"error", error}, {"count", n}});
        }
      }
    }
  }
  finish(d);
}

void BusCore::discard(Delivery& d) {
  dropped(*d.handler, "bus stopped before the queue drained");
  finish(d);
}

void BusCore::dropped(Handler& h, std::string_view why) {
  h.dropped->inc();
  if (auto n = h.drop_log.hit()) {
    log_.warn("observer deliveries dropped",
              {{"event", h.event}, {"instance", h.instance}, {"why", why}, {"dropped", n}});
  }
}

void BusCore::finish(Delivery& d) {
  d.event.reset();  // first: its deleter may be the publisher's code
  if (d.publisher) d.publisher->queued.fetch_sub(1);
  d.handler.reset();
}

}  // namespace sb::kernel::detail
