// SPDX-License-Identifier: Apache-2.0
// /healthz, /readyz, /metrics. Plugin health goes into /metrics too, as
// sb_plugin_health{instance,plugin} (1 ok, 0.5 degraded, 0 failed), computed at scrape.
#include "kernel/host/builtin_routes.hpp"

namespace sb::kernel {
namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string plugin_health_metrics(const json::array& plugins) {
  std::string out =
      "# HELP sb_plugin_health Plugin instance health: 1 ok, 0.5 degraded, 0 failed.\n"
      "# TYPE sb_plugin_health gauge\n";
  for (auto& p : plugins) {
    auto& o = p.as_object();
    auto state = o.at("health").at("state").as_string();
    const char* v = state == "ok" ? "1" : state == "degraded" ? "0.5" : "0";
    out += "sb_plugin_health{instance=\"" + escape_label(o.at("id").as_string()) + "\",plugin=\"" +
           escape_label(o.at("plugin").as_string()) + "\"} " + v + "\n";
  }
  return out;
}

}  // namespace

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
    std::string text = deps.metrics() + plugin_health_metrics(deps.plugins());
    r->respond({200, "text/plain; version=0.0.4; charset=utf-8", {}, std::move(text)});
  }));
  return subs;
}

}  // namespace sb::kernel
