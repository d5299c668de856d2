// SPDX-License-Identifier: Apache-2.0
// Plugin instances from load to unload: validates each instance's config against its
// manifest, orders instances so that providers start before the services' users, starts
// them, stops them in reverse, and answers for their health.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <switchboard/plugin.hpp>

#include "kernel/host/config.hpp"
#include "kernel/host/plugin_loader.hpp"

namespace sb::kernel {

class EventBus;
class LogSink;
class MetricsRegistry;
class ServiceTable;
class TimerThread;

// The kernel parts every plugin instance's Context hands out.
struct KernelParts {
  LogSink& logs;
  EventBus& bus;
  ServiceTable& services;
  HttpRouter& http;
  MetricsRegistry& metrics;
  TimerThread& scheduler;
  std::string data_dir;
};

// Every reason the deployment cannot start, one per line.
class StartupError : public std::runtime_error {
 public:
  explicit StartupError(std::vector<std::string> problems);
  std::vector<std::string> problems;
};

class PluginHost {
 public:
  PluginHost(KernelParts parts, PluginLoader& loader);
  ~PluginHost();

  // Loads every enabled instance's plugin, validates its config section and orders the
  // instances. Collects every problem before throwing StartupError. Starts nothing.
  void prepare(const KernelConfig& config, EnvOverrides& env);
  // Starts instances in dependency order. When one throws, those already started are
  // stopped in reverse and StartupError names the instance, its plugin and the message.
  void start_all();
  void drain_all();
  // Stops in reverse start order; idempotent.
  void stop_all();
  // SIGHUP: hands each running instance its new, validated section when it changed.
  // Returns the instances that refused and need a restart.
  std::vector<std::string> reload(const KernelConfig& config, EnvOverrides& env);

  bool all_started() const;
  // Instances in start order: id, plugin, version, kind, state, health.
  json::array describe() const;
  // One instance as the admin API shows it.
  struct InstanceView {
    std::string id;
    const Manifest* manifest = nullptr;
    std::uint32_t abi_major = 0, abi_minor = 0;
    std::string state;
    Health health;
    bool reloadable = true;  // false once it refused a live change
    json::object config;     // as running (secrets in clear: the caller masks them)
  };
  std::vector<InstanceView> instance_views() const;
  // Hands a validated section to a running instance's reload. nullopt: no running instance
  // of that id; false: it refused (needs a restart), the running config stays.
  std::optional<bool> apply_config(const std::string& id, json::object fresh);

  // Manifests of the prepared instances (for `switchboard wiring`).
  std::vector<std::pair<std::string, const Manifest*>> manifests() const;

 private:
  struct Instance;
  std::vector<std::unique_ptr<Instance>> order(std::vector<std::unique_ptr<Instance>> in,
                                               std::vector<std::string>& problems);
  void stop_instance(Instance& inst);
  void check_deployment_references(const KernelConfig& config,
                                   const std::vector<std::unique_ptr<Instance>>& ready,
                                   std::vector<std::string>& problems) const;

  KernelParts parts_;
  PluginLoader& loader_;
  std::vector<std::unique_ptr<Instance>> instances_;  // start order
  std::mutex reload_mutex_;  // one reload at a time (SIGHUP or the admin API)
};

}  // namespace sb::kernel
