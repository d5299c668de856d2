// SPDX-License-Identifier: Apache-2.0
// /healthz, /readyz, /metrics: thin handlers over what the server hands in.
#include "kernel/host/builtin_routes.hpp"

#include "kernel/core/auth_routes.hpp"
#include "kernel/core/loopback.hpp"
#include "kernel/core/secrets.hpp"

namespace sb::kernel {

bool trusted_caller(const HttpRequest& req, const std::string& token) {
  if (core::is_loopback(core::client_ip(req.remote_address))) return true;
  auto bearer = req.bearer_token();
  return !token.empty() && bearer && core::constant_time_equal(*bearer, token);
}

std::vector<Subscription> register_builtin_routes_on(HttpRouter& router, BuiltinRoutes deps) {
  std::vector<Subscription> subs;
  subs.push_back(router.route("GET", "/healthz", [](const HttpRequest&, auto r) {
    r->respond(HttpResponse::with_json(200, R"({"status":"ok"})"));
  }));
  subs.push_back(router.route("GET", "/readyz", [deps](const HttpRequest& req, auto r) {
    bool ready = deps.ready();
    json::object body{{"ready", ready}};
    if (trusted_caller(req, deps.token)) body["plugins"] = deps.plugins();
    r->respond(HttpResponse::with_json(ready ? 200 : 503, json::serialize(body)));
  }));
  subs.push_back(router.route("GET", "/metrics", [deps](const HttpRequest& req, auto r) {
    if (!trusted_caller(req, deps.token)) {
      r->respond(HttpResponse::with_json(
          403, R"({"error":{"code":"forbidden","message":"/metrics is served to loopback )"
               R"(callers, or with server.metrics_token as a Bearer token"}})"));
      return;
    }
    r->respond({200, "text/plain; version=0.0.4; charset=utf-8", {}, deps.metrics()});
  }));
  return subs;
}

}  // namespace sb::kernel
