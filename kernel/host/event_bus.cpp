// SPDX-License-Identifier: Apache-2.0
// Registration side of the event bus: views, subscribe and unsubscribe, remove_instance and
// the wiring report. The dispatch side (submit, publish, observers) is in bus_dispatch.cpp.
#include "kernel/host/event_bus.hpp"

#include <algorithm>
#include <thread>

#include "kernel/host/bus_core.hpp"

namespace sb::kernel {
namespace detail {
namespace {

class BusView final : public Bus {
 public:
  BusView(std::shared_ptr<BusCore> core, std::string instance)
      : core_(std::move(core)),
        publisher_(core_->publisher(instance)),
        instance_(std::move(instance)) {}

 protected:
  Subscription intercept_erased(const EventType& type, int priority,
                                std::function<Verdict(void*)> fn) override {
    return core_->subscribe(HandlerKind::interceptor, instance_, type, priority, std::move(fn),
                            nullptr);
  }
  Subscription observe_erased(const EventType& type, std::function<void(const void*)> fn) override {
    return core_->subscribe(HandlerKind::observer, instance_, type, 0, nullptr, std::move(fn));
  }
  Verdict submit_erased(const EventType& type, void* event) override {
    return core_->submit(type, event);
  }
  void publish_erased(const EventType& type, std::shared_ptr<const void> event) override {
    core_->publish(*publisher_, type, std::move(event));
  }

 private:
  std::shared_ptr<BusCore> core_;
  std::shared_ptr<Publisher> publisher_;
  std::string instance_;
};

std::string_view kind_name(HandlerKind k) {
  return k == HandlerKind::interceptor ? "interceptor" : "observer";
}

}  // namespace

thread_local std::vector<const Handler*> t_running;

BusCore::BusCore(const BusSettings& settings, Logger& log, Metrics& metrics)
    : settings_(settings),
      log_(log),
      metrics_(metrics),
      pool_(
          static_cast<std::size_t>(std::max(settings.observer_threads, 1)), settings.queue_capacity,
          [this](Delivery& d) { deliver(d); }, [this](Delivery& d) { discard(d); }) {}

BusCore::~BusCore() {
  pool_.stop(std::chrono::milliseconds(0));
}

std::shared_ptr<Publisher> BusCore::publisher(std::string_view instance) {
  std::unique_lock lock(mutex_);
  auto& p = publishers_[std::string(instance)];
  if (!p) {
    p = std::make_shared<Publisher>();
    p->instance = instance;
  }
  return p;
}

BusCore::Slot& BusCore::slot(std::string_view event) {
  auto it = slots_.find(event);
  if (it != slots_.end()) return it->second;
  Slot& s = slots_[std::string(event)];
  s.lists = std::make_shared<const Lists>();
  s.published = &metrics_.counter("sb_bus_published_total", "Events published to observers.",
                                  {{"event", std::string(event)}});
  return s;
}

void BusCore::rebuild(Slot& s) {
  auto lists = std::make_shared<Lists>();
  for (auto& h : s.all) {
    if (h->excluded) continue;
    (h->kind == HandlerKind::interceptor ? lists->interceptors : lists->observers).push_back(h);
  }
  std::stable_sort(lists->interceptors.begin(), lists->interceptors.end(),
                   [](auto& a, auto& b) { return a->priority > b->priority; });
  s.lists = std::move(lists);
}

Subscription BusCore::subscribe(HandlerKind kind, std::string_view instance, const EventType& type,
                                int priority, std::function<Verdict(void*)> intercept,
                                std::function<void(const void*)> observe) {
  auto h = std::make_shared<Handler>();
  h->id = next_id_.fetch_add(1);
  h->kind = kind;
  h->instance = instance;
  h->event = type.name;
  h->priority = priority;
  h->deadline = settings_.default_deadline;
  h->failure_mode = settings_.default_failure_mode;
  if (auto rule = settings_.handlers.find(h->instance); rule != settings_.handlers.end()) {
    const HandlerRule& r = rule->second;
    if (r.priority) h->priority = *r.priority;
    if (r.deadline) h->deadline = *r.deadline;
    if (r.failure_mode) h->failure_mode = *r.failure_mode;
    if (r.events)
      h->excluded = std::find(r.events->begin(), r.events->end(), h->event) == r.events->end();
    h->filter = r.filter;
  }
  h->worker = std::hash<std::uint64_t>{}(h->id) % pool_.size();
  h->intercept = std::move(intercept);
  h->observe = std::move(observe);

  Labels labels = {{"event", h->event}, {"instance", h->instance}};
  h->dropped =
      kind == HandlerKind::observer
          ? &metrics_.counter("sb_bus_dropped_total",
                              "Observer deliveries dropped: queue full or bus stopped.", labels)
          : nullptr;
  h->vetoes =
      kind == HandlerKind::interceptor
          ? &metrics_.counter("sb_bus_vetoes_total",
                              "Changes vetoed by an interceptor, failures included.", labels)
          : nullptr;
  labels.emplace_back("kind", kind_name(kind));
  h->latency =
      &metrics_.histogram("sb_bus_handler_seconds", "Time spent in one handler call.", labels);
  h->errors = &metrics_.counter(
      "sb_bus_handler_errors_total",
      "Handler calls that threw or, for interceptors, overran their deadline.", labels);

  if (h->excluded) {
    log_.debug("handler subscribed to an event its [bus.handlers] rule excludes; never called",
               {{"event", h->event}, {"instance", h->instance}});
  }
  {
    std::unique_lock lock(mutex_);
    handlers_.emplace(h->id, h);
    Slot& s = slot(h->event);
    s.all.push_back(h);
    rebuild(s);
  }
  return Subscription([weak = weak_from_this(), id = h->id] {
    if (auto core = weak.lock()) core->unsubscribe(id);
  });
}

void BusCore::unsubscribe(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  auto it = handlers_.find(id);
  if (it == handlers_.end()) return;  // remove_instance got there first
  auto h = std::move(it->second);
  handlers_.erase(it);
  h->active.store(false);
  Slot& s = slot(h->event);
  std::erase(s.all, h);
  rebuild(s);
  std::erase_if(retired_, [](auto& w) { return w.expired(); });
  retired_.push_back(h);
}

bool BusCore::remove_instance(std::string_view instance, std::chrono::milliseconds wait) {
  std::vector<std::shared_ptr<Handler>> removed;
  std::shared_ptr<Publisher> pub;
  {
    std::unique_lock lock(mutex_);
    // Kept in retired_ while alive, so that a call after a timeout waits for them again.
    std::erase_if(retired_, [&](auto& w) {
      auto h = w.lock();
      if (h && h->instance == instance) removed.push_back(std::move(h));
      return w.expired();
    });
    for (auto it = handlers_.begin(); it != handlers_.end();) {
      if (it->second->instance != instance) {
        ++it;
        continue;
      }
      auto h = std::move(it->second);
      it = handlers_.erase(it);
      h->active.store(false);
      Slot& s = slot(h->event);
      std::erase(s.all, h);
      rebuild(s);
      retired_.push_back(h);
      removed.push_back(std::move(h));
    }
    if (auto p = publishers_.find(instance); p != publishers_.end()) pub = p->second;
  }

  // `active` is false for all of them now: a dispatcher that still got in incremented
  // `running` first, so waiting for `running` to drop covers it (both are seq_cst).
  auto own_calls = [](const Handler* h) {
    return static_cast<int>(std::count(t_running.begin(), t_running.end(), h));
  };
  auto idle = [&] {
    for (auto& h : removed) {
      if (h->running.load() > own_calls(h.get())) return false;
    }
    return !pub || pub->queued.load() == 0;
  };
  auto deadline = std::chrono::steady_clock::now() + wait;
  // Unload is rare: polling keeps the dispatch path free of notifications.
  while (!idle()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      log_.error("instance callbacks still running after remove_instance's wait",
                 {{"instance", instance}, {"wait_ms", wait.count()}});
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  bool self = false;
  for (auto& h : removed) {
    if (own_calls(h.get()) > 0) {
      self = true;  // its std::function is on this thread's stack
      continue;
    }
    h->intercept = nullptr;
    h->observe = nullptr;
  }
  return !self;
}

json::array BusCore::wiring() const {
  std::shared_lock lock(mutex_);
  json::array out;
  for (auto& [name, s] : slots_) {
    if (s.all.empty()) continue;
    std::vector<std::shared_ptr<Handler>> in;
    json::array observers;
    for (auto& h : s.all) {
      if (h->kind == HandlerKind::interceptor) {
        in.push_back(h);
        continue;
      }
      observers.push_back(json::object{{"instance", h->instance},
                                       {"worker", h->worker},
                                       {"filter", h->filter},
                                       {"excluded", h->excluded}});
    }
    std::stable_sort(in.begin(), in.end(),
                     [](auto& a, auto& b) { return a->priority > b->priority; });
    json::array interceptors;
    for (auto& h : in) {
      interceptors.push_back(
          json::object{{"instance", h->instance},
                       {"priority", h->priority},
                       {"deadline_ms", h->deadline.count()},
                       {"failure_mode", h->failure_mode == FailureMode::open ? "open" : "closed"},
                       {"filter", h->filter},
                       {"excluded", h->excluded}});
    }
    out.push_back(json::object{
        {"event", name}, {"interceptors", std::move(interceptors)}, {"observers", observers}});
  }
  return out;
}

void BusCore::stop(std::chrono::milliseconds drain) {
  pool_.stop(drain);
}

}  // namespace detail

EventBus::EventBus(const BusSettings& settings, Logger& log, Metrics& metrics)
    : core_(std::make_shared<detail::BusCore>(settings, log, metrics)) {}

EventBus::~EventBus() {
  core_->stop(std::chrono::seconds(5));
}

std::unique_ptr<Bus> EventBus::view(std::string instance_id) {
  return std::make_unique<detail::BusView>(core_, std::move(instance_id));
}

bool EventBus::remove_instance(std::string_view instance_id, std::chrono::milliseconds wait) {
  return core_->remove_instance(instance_id, wait);
}

json::array EventBus::wiring() const {
  return core_->wiring();
}

void EventBus::stop(std::chrono::milliseconds drain) {
  core_->stop(drain);
}

}  // namespace sb::kernel
