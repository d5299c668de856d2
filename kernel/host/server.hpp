// SPDX-License-Identifier: Apache-2.0
// The running server: assembles the kernel's parts from a validated config, starts the
// plugins and the HTTP server, and carries the lifecycle (SIGTERM drains within a bound,
// SIGHUP reloads what can be reloaded).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <switchboard/bus.hpp>
#include <switchboard/subscription.hpp>

#include "kernel/host/config.hpp"

namespace sb::core {
class Core;
class MessagingGate;
class UserAdminGate;
}  // namespace sb::core

namespace sb::kernel {

class EventBus;
class HttpServer;
class KernelAdminService;
class LogSink;
class MetricsRegistry;
class PluginHost;
class PluginLoader;
class ServiceTable;
class SourceLogger;
class TimerThread;

class Server {
 public:
  // `default_plugin_dirs` are searched when the config names none.
  Server(KernelConfig config, std::vector<std::string> default_plugin_dirs);
  ~Server();

  // Loads every enabled plugin and validates its config section; starts nothing. Throws
  // StartupError with every problem, one per line.
  void prepare(EnvOverrides& env);
  // Starts plugins in dependency order, then listens. Throws StartupError or
  // std::runtime_error (e.g. the port is taken).
  void start();
  std::uint16_t port() const;
  std::string listen_address() const;

  // Blocks until SIGTERM or SIGINT (then drains and stops) while SIGHUP reloads;
  // `on_ready` runs once the signals are being handled.
  void run_until_signal(const std::function<void()>& on_ready = {});
  // Stop accepting, tell plugins and clients, give them drain_timeout, then stop everything.
  void drain_and_stop();
  // Re-reads the config file: log settings and plugin configs that can change live.
  void reload();

  const BusSettings& bus_settings() const { return config_.bus; }
  EventBus& bus();
  PluginHost& plugins();
  MetricsRegistry& metrics();
  // The messaging core (accounts, ...); null before start() and after stopping.
  core::Core* core() { return core_.get(); }
  bool ready() const;

 private:
  void register_builtin_routes();
  void provide_admin_services();

  KernelConfig config_;
  std::unique_ptr<LogSink> logs_;
  std::unique_ptr<SourceLogger> log_;
  std::unique_ptr<MetricsRegistry> metrics_;
  std::unique_ptr<EventBus> bus_;
  std::unique_ptr<ServiceTable> services_;
  std::unique_ptr<TimerThread> timers_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<PluginLoader> loader_;
  std::unique_ptr<PluginHost> host_;
  // The Messaging service, provided before any plugin starts; forwards to core_.
  std::shared_ptr<core::MessagingGate> gate_;
  std::unique_ptr<Bus> core_bus_;
  std::shared_ptr<KernelAdminService> kernel_admin_;
  std::shared_ptr<core::UserAdminGate> user_admin_;
  // Holds the plugins' services: destroyed before the plugins stop and unload.
  std::unique_ptr<core::Core> core_;
  std::vector<Subscription> builtin_routes_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopped_{false};
};

}  // namespace sb::kernel
