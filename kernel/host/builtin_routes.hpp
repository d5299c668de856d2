// SPDX-License-Identifier: Apache-2.0
// The kernel's own endpoints: GET /healthz (the process answers), GET /readyz (every
// plugin started and none failed) and GET /metrics (Prometheus text).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <switchboard/http.hpp>
#include <switchboard/json.hpp>

namespace sb::kernel {

struct BuiltinRoutes {
  std::function<bool()> ready;
  std::function<json::array()> plugins;  // PluginHost::describe()
  std::function<std::string()> metrics;  // Prometheus text, plugin health included
};

std::vector<Subscription> register_builtin_routes_on(HttpRouter& router, BuiltinRoutes deps);

}  // namespace sb::kernel
