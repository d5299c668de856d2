// SPDX-License-Identifier: Apache-2.0
// KernelAdmin: what the kernel shows and lets an admin change about itself — the plugin
// instances (manifest, health, config, schema), a live config change, the wiring graph and
// a snapshot of the metrics registry. The kernel provides it (instance "kernel").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/config_schema.hpp>
#include <switchboard/health.hpp>
#include <switchboard/json.hpp>
#include <switchboard/metrics.hpp>

namespace sb {

struct PluginInstanceInfo {
  std::string id{};      // the instance id ([plugin.<id>])
  std::string plugin{};  // the plugin's name
  std::string kind{};
  std::string version{};
  std::string abi{};    // "major.minor" the plugin was built against
  std::string state{};  // "prepared", "started", "failed", "stopped"
  Health health{};
  // False once the instance refused a live change (Plugin::reload returned false).
  bool reloadable = true;
  json::object config{};  // validated, defaults filled in; secrets as "********"
  ConfigSchema schema{};
};

// The answer to a config change: applied, or why not. `field` names the key at fault.
struct ConfigChangeResult {
  enum class Outcome { applied, invalid, not_found, cannot_reload } outcome = Outcome::applied;
  std::string field{};
  std::string message{};
};

struct WiringHandlerInfo {
  std::string instance{};
  std::string mode{};  // "interceptor" or "observer"
  int priority = 0;
  std::int64_t deadline_ms = 0;  // interceptors
  std::string failure_mode{};    // interceptors: "open" or "closed"
  bool excluded = false;         // [bus.handlers] events leaves this event out
};

struct WiringEventInfo {
  std::string event{};
  std::vector<WiringHandlerInfo> handlers{};  // interceptors in run order, then observers
};

// One series of the metrics registry as it is now.
struct MetricSample {
  std::string name{};
  std::string type{};  // "counter", "gauge", "histogram"
  Labels labels{};
  double value = 0;                      // counter and gauge; histogram: the sum
  std::uint64_t count = 0;               // histogram: observations
  std::vector<double> bounds{};          // histogram: upper bounds, ascending (+Inf implied)
  std::vector<std::uint64_t> buckets{};  // histogram: per bucket, not cumulative; last is +Inf
};

struct ListenerInfo {
  // [server] public_only: the operator marked the listener as facing the public; admin
  // surfaces refuse to serve on it.
  bool public_only = false;
  bool tls = false;
};

class KernelAdmin {
 public:
  static constexpr std::string_view service_name = "kernel-admin";
  virtual ~KernelAdmin() = default;

  // Every configured, enabled instance in start order. Cheap; any thread.
  virtual std::vector<PluginInstanceInfo> plugins() = 0;
  // Validates `config` (the instance's whole section) with the config file's validator,
  // then hands it to the instance's reload. A key left out takes its default. Secrets given
  // as "********" keep their running value. An applied change is also written to the config
  // overrides file (<data_dir>/config-overrides.toml), so it outlives SIGHUP and restart;
  // `applied` with a message means it runs but could not be kept (the message says why).
  // Any thread; blocks while the plugin reloads.
  virtual ConfigChangeResult change_config(const std::string& instance,
                                           const json::object& config) = 0;
  virtual std::vector<WiringEventInfo> wiring() = 0;
  virtual std::vector<MetricSample> metrics() = 0;
  virtual ListenerInfo listener() = 0;
};

}  // namespace sb
