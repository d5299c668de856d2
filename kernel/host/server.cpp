// SPDX-License-Identifier: Apache-2.0
// Server assembly and lifecycle; see server.hpp. Order matters: parts a plugin may use are
// created before plugins start and destroyed after they stop.
#include "kernel/host/server.hpp"

#include <chrono>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <switchboard/events/system.hpp>

#include "kernel/core/core.hpp"
#include "kernel/core/messaging_gate.hpp"
#include "kernel/core/user_admin.hpp"
#include "kernel/host/builtin_routes.hpp"
#include "kernel/host/data_dir.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/http/http_server.hpp"
#include "kernel/host/kernel_admin.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/net/curl_http_client.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/plugin_loader.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"

namespace sb::kernel {
namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string node_name(const ServerSettings& s) {
  if (!s.node_id.empty()) return s.node_id;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

}  // namespace

Server::Server(KernelConfig config, std::vector<std::string> default_plugin_dirs)
    : config_(std::move(config)) {
  logs_ = std::make_unique<LogSink>(config_.log);
  log_ = std::make_unique<SourceLogger>(*logs_, "kernel");
  metrics_ = std::make_unique<MetricsRegistry>();
  bus_ = std::make_unique<EventBus>(config_.bus, *log_, *metrics_);
  services_ = std::make_unique<ServiceTable>(config_.services);
  gate_ = std::make_shared<core::MessagingGate>(*services_);
  services_->provide("kernel", {"messaging"}, "messaging",
                     std::shared_ptr<void>(gate_, static_cast<Messaging*>(gate_.get())));
  http_client_ = std::make_shared<CurlHttpClient>(*log_);
  services_->provide(
      "kernel", {"http-client"}, "http-client",
      std::shared_ptr<void>(http_client_, static_cast<HttpClient*>(http_client_.get())));
  core_bus_ = bus_->view("kernel");
  timers_ = std::make_unique<TimerThread>(*log_);
  http_ = std::make_unique<HttpServer>(config_.server, *log_, *metrics_);
  auto dirs = config_.plugin_dirs.empty() ? std::move(default_plugin_dirs) : config_.plugin_dirs;
  loader_ = std::make_unique<PluginLoader>(std::move(dirs));
  host_ = std::make_unique<PluginHost>(KernelParts{*logs_, *bus_, *services_, http_->router(),
                                                   *metrics_, *timers_, config_.server.data_dir},
                                       *loader_);
  provide_admin_services();
}

// For the admin plugin: the kernel's own view (plugins, wiring, metrics) and the core's
// users and groups, both provided before any plugin starts.
void Server::provide_admin_services() {
  kernel_admin_ =
      std::make_shared<KernelAdminService>(*host_, *metrics_, config_.bus, config_.server);
  services_->provide(
      "kernel", {std::string(KernelAdmin::service_name)}, KernelAdmin::service_name,
      std::shared_ptr<void>(kernel_admin_, static_cast<KernelAdmin*>(kernel_admin_.get())));
  user_admin_ = std::make_shared<core::UserAdminGate>(*services_);
  services_->provide(
      "kernel", {std::string(UserAdmin::service_name)}, UserAdmin::service_name,
      std::shared_ptr<void>(user_admin_, static_cast<UserAdmin*>(user_admin_.get())));
}

Server::~Server() {
  if (!stopped_) {
    ready_ = false;
    http_->stop();
    gate_->attach(nullptr);
    user_admin_->attach(nullptr);
    core_.reset();
    http_client_->stop();  // callbacks into plugins run before their libraries unload
    host_->stop_all();
    bus_->stop();
    timers_->stop();
  }
}

void Server::prepare(EnvOverrides& env) {
  host_->prepare(config_, env);
}

void Server::start() {
  prepare_data_dir(config_.server.data_dir, *log_);
  timers_->start();
  register_builtin_routes();
  host_->start_all();
  // Kept: the core's push dispatcher looks providers up for as long as it runs.
  kernel_services_ = services_->view("kernel", {});
  core_ = std::make_unique<core::Core>(
      core::CoreParts{config_.auth, config_.messaging, config_.server.data_dir, *kernel_services_,
                      http_->router(), *core_bus_, *timers_, *log_, gate_->ops(), metrics_.get(),
                      [this](std::string_view s) { return services_->instances(s); }});
  gate_->attach(core_.get());
  user_admin_->attach(core_.get());
  http_->start();
  ready_ = true;
  log_->info("switchboard listening",
             {{"address", listen_address()}, {"plugins", host_->describe().size()}});
  bus_->view("kernel")->publish(
      ServerStarted{node_name(config_.server), listen_address(), now_ms()});
}

std::uint16_t Server::port() const {
  return http_->port();
}

std::string Server::listen_address() const {
  auto& listen = config_.server.listen;
  auto colon = listen.rfind(':');
  return listen.substr(0, colon) + ":" + std::to_string(port());
}

void Server::register_builtin_routes() {
  // Plugin health goes into the registry at scrape time, so the registry's own rendering
  // and escaping serve it like any other gauge (1 ok, 0.5 degraded, 0 failed).
  auto scrape = [this] {
    for (auto& p : host_->describe()) {
      auto& o = p.as_object();
      auto state = o.at("health").at("state").as_string();
      metrics_
          ->gauge("sb_plugin_health", "Plugin instance health: 1 ok, 0.5 degraded, 0 failed.",
                  {{"instance", std::string(o.at("id").as_string())},
                   {"plugin", std::string(o.at("plugin").as_string())}})
          .set(state == "ok"         ? 1.0
               : state == "degraded" ? 0.5
                                     : 0.0);
    }
    return metrics_->render_prometheus();
  };
  BuiltinRoutes deps{[this] { return ready(); }, [this] { return host_->describe(); }, scrape,
                     config_.server.metrics_token};
  builtin_routes_ = register_builtin_routes_on(http_->router(), std::move(deps));
}

// Ready: started, not draining, and no plugin instance reports itself failed.
bool Server::ready() const {
  if (!ready_ || !host_->all_started()) return false;
  for (auto& p : host_->describe())
    if (p.at("health").at("state") == "failed") return false;
  return true;
}

void Server::drain_and_stop() {
  if (stopped_.exchange(true)) return;
  auto deadline = config_.server.drain_timeout;
  log_->info("draining", {{"deadline_ms", deadline.count()}});
  ready_ = false;
  http_->stop_accepting();
  bus_->view("kernel")->publish(
      ServerDraining{node_name(config_.server), deadline.count(), now_ms()});
  host_->drain_all();
  http_->close_websockets(1012, "server restarting");
  // Give clients and plugins the bound to finish what is in flight, no longer.
  auto until = std::chrono::steady_clock::now() + deadline;
  while (http_->connection_count() > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  http_->stop();
  gate_->attach(nullptr);
  user_admin_->attach(nullptr);
  core_.reset();
  http_client_->stop();  // callbacks into plugins run before their libraries unload
  host_->stop_all();
  bus_->stop();
  timers_->stop();
  log_->info("stopped");
}

void Server::reload() {
  try {
    auto env = EnvOverrides::from_process();
    auto fresh = load_config(config_.file, env);
    logs_->configure(fresh.log);
    auto restart = host_->reload(fresh, env);
    for (auto& id : restart)
      log_->warn("config change needs a restart to take effect", {{"instance", id}});
    log_->info("reloaded", {{"file", config_.file}});
  } catch (const std::exception& e) {
    log_->error("reload refused; keeping the running config", {{"error", e.what()}});
  }
}

void Server::run_until_signal(const std::function<void()>& on_ready) {
  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGTERM, SIGINT, SIGHUP);
  std::function<void(boost::system::error_code, int)> on_signal = [&](boost::system::error_code ec,
                                                                      int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      log_->info("SIGHUP: reloading");
      reload();
      signals.async_wait(on_signal);
      return;
    }
    log_->info(sig == SIGTERM ? "SIGTERM: draining" : "SIGINT: draining");
    drain_and_stop();
    io.stop();
  };
  signals.async_wait(on_signal);
  // Only now may anyone be told we listen: a SIGHUP before the signal_set exists would
  // take its default action and kill the process.
  if (on_ready) on_ready();
  io.run();
}

EventBus& Server::bus() {
  return *bus_;
}
PluginHost& Server::plugins() {
  return *host_;
}
MetricsRegistry& Server::metrics() {
  return *metrics_;
}

}  // namespace sb::kernel
