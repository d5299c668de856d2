// SPDX-License-Identifier: Apache-2.0
// What a plugin is: a manifest, a factory, and an object the kernel starts and stops.
//
// A plugin's plugin.cpp holds only its manifest and its registration:
//
//   sb::Manifest manifest() { return {.name = "push-webhook", .version = "1.0.0", ...}; }
//   SB_PLUGIN(manifest, WebhookPlugin)
//
// The kernel loads libsb_<name>.so, reads the ABI version first (a C struct that never
// changes shape), refuses another major, validates the instance's config against the
// manifest's schema, and only then creates and starts the plugin.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/dll/alias.hpp>
#include <switchboard/abi.hpp>
#include <switchboard/bus.hpp>
#include <switchboard/config_schema.hpp>
#include <switchboard/health.hpp>
#include <switchboard/http.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>
#include <switchboard/scheduler.hpp>
#include <switchboard/services.hpp>

namespace sb {

// An interceptor a plugin installs: which event, and its default priority (higher runs
// first; the deployment's [bus.handlers.<id>] priority overrides it).
struct Interception {
  std::string event{};
  int priority = 0;
};

// The manifest is checked, not just informative: the bus refuses a subscription to an
// event the manifest does not list, and the service registry a service it does not
// provide, so `switchboard wiring` can draw the graph without starting anything.
struct Manifest {
  std::string name{};     // "push-webhook"; the file is libsb_push_webhook.so
  std::string version{};  // semver of the plugin
  std::string kind{};     // "transport", "store", "push", "policy", "bots", "sms", "admin", ...
  std::string description{};
  std::vector<std::string> provides{};   // service names (SmsProvider::service_name, ...)
  std::vector<std::string> requires_{};  // services that must be started first
  std::vector<std::string> consumes{};   // event names it observes
  std::vector<Interception> intercepts{};
  std::vector<std::string> publishes{};  // event names it emits
  ConfigSchema schema{};
};

// Everything the kernel offers one plugin instance. Valid from start() until stop() returns.
class Context {
 public:
  virtual ~Context() = default;
  virtual std::string_view instance_id() const = 0;
  // The instance's validated config: every schema key present, defaults filled in.
  virtual const json::object& config() const = 0;
  // The server's data directory ([server] data_dir); plugins keep files in a subfolder
  // named after their instance id.
  virtual std::string data_dir() const = 0;
  virtual Logger& log() = 0;
  virtual Bus& bus() = 0;
  virtual ServiceRegistry& services() = 0;
  virtual HttpRouter& http() = 0;
  virtual Metrics& metrics() = 0;
  virtual Scheduler& scheduler() = 0;
  // Keeps a registration alive until the plugin is unloaded, for plugins that do not need
  // to drop it earlier.
  virtual void hold(Subscription subscription) = 0;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  // Called once, on the main thread, after the config validated. Throw to refuse: the
  // kernel names the instance and the message and does not start the server.
  virtual void start(Context& ctx) = 0;
  // SIGTERM: stop taking new work and tell clients to come back; `stop` follows.
  virtual void drain() {}
  // Called once, in reverse start order. Registrations held by the context are removed
  // after it returns.
  virtual void stop() {}
  // Polled by /readyz, /metrics and the admin UI; must be cheap and thread-safe.
  virtual Health health() const { return Health::ok(); }
  // SIGHUP with a changed, already validated config. Return false when a restart is needed.
  virtual bool reload(const json::object& /*config*/) { return false; }
};

// Validates nothing itself: the kernel has checked the section against Config::schema()
// already. Turns the JSON section into the plugin's typed Config and hands it to start().
//
//   struct Config {
//     static sb::ConfigSchema schema();
//     static Config load(const sb::ConfigView& view);
//   };
template <class Config>
class PluginBase : public Plugin {
 public:
  void start(Context& ctx) final {
    config_ = Config::load(ConfigView(ctx.config()));
    start(config_, ctx);
  }

 protected:
  virtual void start(const Config& config, Context& ctx) = 0;
  const Config& config() const { return config_; }

 private:
  Config config_{};
};

// The one exported symbol. Its first two fields are read before anything else, so their
// layout is fixed for every ABI version.
struct PluginEntry {
  std::uint32_t abi_major;
  std::uint32_t abi_minor;
  Manifest (*manifest)();
  std::unique_ptr<Plugin> (*create)();
};

inline constexpr const char* kPluginEntrySymbol = "switchboard_plugin";

}  // namespace sb

// Exports `switchboard_plugin`: the ABI version, the manifest function and a factory.
#define SB_PLUGIN(manifest_fn, PluginClass)                                               \
  namespace sb_plugin_export {                                                            \
  const ::sb::PluginEntry entry{                                                          \
      SB_ABI_MAJOR, SB_ABI_MINOR, &manifest_fn,                                           \
      []() -> std::unique_ptr<::sb::Plugin> { return std::make_unique<PluginClass>(); }}; \
  }                                                                                       \
  BOOST_DLL_ALIAS(sb_plugin_export::entry, switchboard_plugin)
