// SPDX-License-Identifier: Apache-2.0
// The kernel's own endpoints: GET /healthz (the process answers), GET /readyz (every
// plugin started and none failed) and GET /metrics (Prometheus text). /healthz and /readyz's
// status are public; /metrics and /readyz's per-plugin body only for loopback callers or
// with [server] metrics_token as a Bearer token.
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
  std::string token;                     // [server] metrics_token; empty: loopback only
};

// Whether the caller of `req` may see the details: from loopback, or with `token`.
bool trusted_caller(const HttpRequest& req, const std::string& token);

std::vector<Subscription> register_builtin_routes_on(HttpRouter& router, BuiltinRoutes deps);

}  // namespace sb::kernel
