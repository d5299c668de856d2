// SPDX-License-Identifier: Apache-2.0
// The KernelAdmin service (sdk services/kernel_admin.hpp): the plugin host, the wiring, the
// metrics registry and the listener as the admin plugin sees them.
#pragma once

#include <switchboard/services/kernel_admin.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

class MetricsRegistry;
class PluginHost;

class KernelAdminService final : public KernelAdmin {
 public:
  KernelAdminService(PluginHost& host, MetricsRegistry& metrics, const BusSettings& bus,
                     const ServerSettings& server)
      : host_(host), metrics_(metrics), bus_(bus), server_(server) {}

  std::vector<PluginInstanceInfo> plugins() override;
  ConfigChangeResult change_config(const std::string& instance,
                                   const json::object& config) override;
  std::vector<WiringEventInfo> wiring() override;
  std::vector<MetricSample> metrics() override;
  ListenerInfo listener() override;

  // What an admin sees of a secret value.
  static constexpr const char* kMasked = "********";

 private:
  PluginHost& host_;
  MetricsRegistry& metrics_;
  const BusSettings& bus_;
  const ServerSettings& server_;
};

}  // namespace sb::kernel
