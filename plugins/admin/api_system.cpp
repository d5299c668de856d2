// SPDX-License-Identifier: Apache-2.0
// The kernel as the admin sees it: dashboard, plugins and their config, the wiring graph,
// and the audit log.
#include <cstdint>

#include <switchboard/services/kernel_admin.hpp>

#include "api.hpp"

namespace sb::admin {
namespace {

KernelAdmin& kernel_admin(ServiceRegistry& services) {
  auto k = services.get<KernelAdmin>();
  if (!k) throw ApiError{503, "unavailable", "the kernel offers no kernel-admin service", {}};
  return *k;
}

json::value schema_json(const ConfigSchema& schema) {
  json::array out;
  for (auto& k : schema) {
    json::object o{{"key", k.name},
                   {"type", to_string(k.type)},
                   {"default", k.secret ? json::value(nullptr) : k.default_value},
                   {"description", k.description},
                   {"required", k.required},
                   {"secret", k.secret}};
    o["min"] = k.min ? json::value(*k.min) : json::value(nullptr);
    o["max"] = k.max ? json::value(*k.max) : json::value(nullptr);
    json::array choices;
    for (auto& c : k.choices) choices.push_back(json::string(c));
    o["choices"] = std::move(choices);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

HttpResponse Api::dashboard_page() {
  return json_response(200, dashboard_.render(now_ms()));
}

HttpResponse Api::plugins() {
  json::array out;
  for (auto& p : kernel_admin(services_).plugins())
    out.push_back(json::object{{"id", p.id},
                               {"plugin", p.plugin},
                               {"kind", p.kind},
                               {"version", p.version},
                               {"abi", p.abi},
                               {"state", p.state},
                               {"health", to_string(p.health.state)},
                               {"reason", p.health.reason},
                               {"reloadable", p.reloadable},
                               {"config", p.config},
                               {"schema", schema_json(p.schema)}});
  return json_response(200, json::object{{"plugins", std::move(out)}});
}

HttpResponse Api::plugin_config(const HttpRequest& req, const Caller& c) {
  auto body = parse_body(req);
  auto* config = body.if_contains("config");
  if (!config || !config->is_object())
    throw ApiError{400, "bad_request", "field \"config\": expected an object of the plugin's keys",
                   "config"};
  auto& id = req.params.at("id");
  auto result = kernel_admin(services_).change_config(id, config->as_object());
  using O = ConfigChangeResult::Outcome;
  switch (result.outcome) {
    case O::invalid: throw ApiError{400, "bad_request", result.message, result.field};
    case O::not_found: throw ApiError{404, "not_found", result.message, {}};
    case O::cannot_reload: throw ApiError{409, "conflict", result.message, {}};
    case O::applied: break;
  }
  // Secrets are not written into the audit log.
  json::array keys;
  for (auto& [k, v] : config->as_object()) keys.push_back(json::string(k));
  // An empty message: also written to the config overrides file, kept across restarts.
  bool kept = result.message.empty();
  record(c, "plugin.config", id, {{"keys", std::move(keys)}, {"kept", kept}});
  json::object answer{{"applied", true}, {"kept", kept}};
  if (!kept) answer["warning"] = result.message;
  return json_response(200, answer);
}

HttpResponse Api::wiring() {
  json::array events;
  for (auto& e : kernel_admin(services_).wiring()) {
    json::array handlers;
    for (auto& h : e.handlers) {
      json::object o{{"instance", h.instance}, {"mode", h.mode}, {"excluded", h.excluded}};
      if (h.mode == "interceptor") {
        o["priority"] = h.priority;
        o["deadline_ms"] = h.deadline_ms;
        o["failure_mode"] = h.failure_mode;
      }
      handlers.push_back(std::move(o));
    }
    events.push_back(json::object{{"event", e.event}, {"handlers", std::move(handlers)}});
  }
  return json_response(200, json::object{{"events", std::move(events)}});
}

HttpResponse Api::audit_page(const HttpRequest& req) {
  auto limit = query_int(req, "limit", 1, 1000).value_or(100);
  auto before = query_int(req, "before", 1, INT64_MAX).value_or(0);
  auto page = audit_.page(before, static_cast<std::size_t>(limit) + 1);
  json::object out;
  json::array entries;
  for (std::size_t i = 0; i < page.size() && i < static_cast<std::size_t>(limit); ++i)
    entries.push_back(AuditLog::to_json(page[i]));
  out["next"] = page.size() > static_cast<std::size_t>(limit)
                    ? json::value(std::to_string(page[limit - 1].id))
                    : json::value(nullptr);
  out["entries"] = std::move(entries);
  return json_response(200, out);
}

}  // namespace sb::admin
