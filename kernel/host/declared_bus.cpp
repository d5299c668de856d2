// SPDX-License-Identifier: Apache-2.0
// See declared_bus.hpp.
#include "kernel/host/declared_bus.hpp"

#include <algorithm>
#include <stdexcept>

namespace sb::kernel {
namespace {

// Reaches the protected, type-erased entry points of another Bus object. A pointer to a
// protected member formed through a derived class is legal C++ and keeps the SDK's
// public surface free of kernel-only hooks.
struct BusAccess : Bus {
  static Subscription intercept(Bus& b, const EventType& t, int p,
                                std::function<Verdict(void*)> f) {
    return (b.*(&BusAccess::intercept_erased))(t, p, std::move(f));
  }
  static Subscription observe(Bus& b, const EventType& t, std::function<void(const void*)> f) {
    return (b.*(&BusAccess::observe_erased))(t, std::move(f));
  }
  static Verdict submit(Bus& b, const EventType& t, void* e) {
    return (b.*(&BusAccess::submit_erased))(t, e);
  }
  static void publish(Bus& b, const EventType& t, std::shared_ptr<const void> e) {
    (b.*(&BusAccess::publish_erased))(t, std::move(e));
  }
};

class DeclaredBus final : public Bus {
 public:
  DeclaredBus(std::unique_ptr<Bus> inner, std::string id, const Manifest& m)
      : inner_(std::move(inner)), id_(std::move(id)), manifest_(m) {}

 protected:
  Subscription intercept_erased(const EventType& type, int,
                                std::function<Verdict(void*)> fn) override {
    auto it = std::find_if(manifest_.intercepts.begin(), manifest_.intercepts.end(),
                           [&](auto& i) { return i.event == type.name; });
    if (it == manifest_.intercepts.end()) throw std::logic_error(refusal("intercepts", type.name));
    return BusAccess::intercept(*inner_, type, it->priority, std::move(fn));
  }
  Subscription observe_erased(const EventType& type, std::function<void(const void*)> fn) override {
    if (std::find(manifest_.consumes.begin(), manifest_.consumes.end(), type.name) ==
        manifest_.consumes.end())
      throw std::logic_error(refusal("consumes", type.name));
    return BusAccess::observe(*inner_, type, std::move(fn));
  }
  Verdict submit_erased(const EventType& type, void* event) override {
    check_publishes(type);
    return BusAccess::submit(*inner_, type, event);
  }
  void publish_erased(const EventType& type, std::shared_ptr<const void> event) override {
    check_publishes(type);
    BusAccess::publish(*inner_, type, std::move(event));
  }

 private:
  void check_publishes(const EventType& type) const {
    if (std::find(manifest_.publishes.begin(), manifest_.publishes.end(), type.name) ==
        manifest_.publishes.end())
      throw std::logic_error(refusal("publishes", type.name));
  }
  std::string refusal(std::string_view list, std::string_view event) const {
    return "plugin instance \"" + id_ + "\" (" + manifest_.name + ") uses event \"" +
           std::string(event) + "\" but its manifest does not list it in " + std::string(list);
  }

  std::unique_ptr<Bus> inner_;
  std::string id_;
  const Manifest& manifest_;
};

}  // namespace

std::unique_ptr<Bus> declared_bus(std::unique_ptr<Bus> inner, std::string instance_id,
                                  const Manifest& manifest) {
  return std::make_unique<DeclaredBus>(std::move(inner), std::move(instance_id), manifest);
}

}  // namespace sb::kernel
