// SPDX-License-Identifier: Apache-2.0
// Loads real plugins in-process with the kernel's own parts (config validation, plugin host,
// service registry, bus, timers) and the kernel's HttpClient, without the HTTP server or the
// messaging core: for testing a provider plugin (push, SMS) against a stub service by
// calling its service directly. Links sb_kernel.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <switchboard/json.hpp>
#include <switchboard/services.hpp>

namespace sb {
class HttpClient;
}

namespace sb::test {

class PluginHarness {
 public:
  // `plugin_tables`: the [plugin.<id>] sections (TOML); plugins come from `plugin_dir`.
  // Validates and starts them; throws kernel::StartupError (a std::runtime_error whose
  // what() lists every problem) when the config or a plugin's start refuses.
  PluginHarness(const std::string& plugin_tables, const std::string& plugin_dir,
                const std::string& data_dir);
  ~PluginHarness();
  PluginHarness(const PluginHarness&) = delete;
  PluginHarness& operator=(const PluginHarness&) = delete;

  // The service S that instance `id` provides; null when it does not.
  template <Service S>
  std::shared_ptr<S> get(std::string_view id) const {
    return registry().get<S>(id);
  }
  // Instances with their state and health (as /readyz shows them).
  json::array describe() const;
  HttpClient& http_client();

 private:
  ServiceRegistry& registry() const;
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace sb::test
