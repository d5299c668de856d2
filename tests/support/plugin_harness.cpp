// SPDX-License-Identifier: Apache-2.0
// See plugin_harness.hpp. Built the way kernel/host/server.cpp assembles the same parts, and
// torn down in the same order: the HTTP client stops (its callbacks into plugins run) before
// the plugins stop and unload.
#include "plugin_harness.hpp"

#include <stdexcept>

#include "kernel/host/config.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/net/curl_http_client.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/plugin_loader.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"

namespace sb::test {

struct PluginHarness::Parts {
  explicit Parts(const std::string& plugin_dir, const std::string& data_dir)
      : loader({plugin_dir}),
        host(kernel::KernelParts{logs, bus, services, router, metrics, timers, data_dir}, loader) {}
  kernel::LogSink logs{{"warn", kernel::LogFormat::text}};
  kernel::SourceLogger log{logs, "kernel"};
  kernel::MetricsRegistry metrics;
  kernel::EventBus bus{kernel::BusSettings{}, log, metrics};
  kernel::ServiceTable services;
  std::unique_ptr<ServiceRegistry> view = services.view("test", {});
  kernel::Router router;
  kernel::TimerThread timers{log};
  std::shared_ptr<kernel::CurlHttpClient> http = std::make_shared<kernel::CurlHttpClient>(log);
  kernel::PluginLoader loader;
  kernel::PluginHost host;
};

PluginHarness::PluginHarness(const std::string& plugin_tables, const std::string& plugin_dir,
                             const std::string& data_dir)
    : parts_(std::make_unique<Parts>(plugin_dir, data_dir)) {
  auto& p = *parts_;
  p.services.provide("kernel", {"http-client"}, "http-client",
                     std::shared_ptr<void>(p.http, static_cast<HttpClient*>(p.http.get())));
  kernel::EnvOverrides env;
  auto config = kernel::load_config_string(
      "[plugins]\ndirs = [\"" + plugin_dir + "\"]\n" + plugin_tables, "harness.toml", env);
  p.timers.start();
  p.host.prepare(config, env);
  p.host.start_all();
}

PluginHarness::~PluginHarness() {
  auto& p = *parts_;
  p.http->stop();
  p.host.stop_all();
  p.bus.stop();
  p.timers.stop();
}

json::array PluginHarness::describe() const {
  return parts_->host.describe();
}

HttpClient& PluginHarness::http_client() {
  return *parts_->http;
}

ServiceRegistry& PluginHarness::registry() const {
  return *parts_->view;
}

}  // namespace sb::test
