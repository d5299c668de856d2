// SPDX-License-Identifier: Apache-2.0
// /healthz, /readyz, /metrics: thin handlers over what the server hands in.
#include "kernel/host/builtin_routes.hpp"

namespace sb::kernel {

std::vector<Subscription> register_builtin_routes_on(HttpRouter& router, BuiltinRoutes deps) {
  std::vector<Subscription> subs;
  subs.push_back(router.route("GET", "/healthz", [](const HttpRequest&, auto r) {
    r->respond(HttpResponse::with_json(200, R"({"status":"ok"})"));
  }));
  subs.push_back(router.route("GET", "/readyz", [deps](const HttpRequest&, auto r) {
    bool ready = deps.ready();
    json::object body{{"ready", ready}, {"plugins", deps.plugins()}};
    r->respond(HttpResponse::with_json(ready ? 200 : 503, json::serialize(body)));
  }));
  subs.push_back(router.route("GET", "/metrics", [deps](const HttpRequest&, auto r) {
    r->respond({200, "text/plain; version=0.0.4; charset=utf-8", {}, deps.metrics()});
  }));
  return subs;
}

}  // namespace sb::kernel
