// SPDX-License-Identifier: Apache-2.0
// Per-instance views of the kernel's parts; see instance_context.hpp.
#include "kernel/host/instance_context.hpp"

#include "kernel/host/declared_bus.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"

namespace sb::kernel {

InstanceContext::InstanceContext(KernelParts& parts, std::string id, json::object config,
                                 const Manifest& manifest)
    : parts_(parts),
      id_(std::move(id)),
      config_(std::move(config)),
      log_(parts.logs, id_),
      bus_(declared_bus(parts.bus.view(id_), id_, manifest)),
      services_(parts.services.view(id_, manifest.provides)) {}

InstanceContext::~InstanceContext() {
  release();
}

std::string InstanceContext::data_dir() const {
  return parts_.data_dir;
}
HttpRouter& InstanceContext::http() {
  return parts_.http;
}
Metrics& InstanceContext::metrics() {
  return parts_.metrics;
}
Scheduler& InstanceContext::scheduler() {
  return parts_.scheduler;
}

void InstanceContext::hold(Subscription subscription) {
  std::lock_guard lock(held_mutex_);
  held_.push_back(std::move(subscription));
}

void InstanceContext::release() {
  std::vector<Subscription> held;
  {
    std::lock_guard lock(held_mutex_);
    held.swap(held_);
  }
  // Newest first, as a stack unwinds.
  while (!held.empty()) held.pop_back();
  // The library stays open until the host goes (LoadedPlugin), so a timeout here is logged
  // rather than fatal: the instance's code can still finish what it was running.
  if (!parts_.bus.remove_instance(id_))
    log_.warn("bus handlers still running after unload; they finish on their own");
  parts_.services.remove_instance(id_);
}

}  // namespace sb::kernel
