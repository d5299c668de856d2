// SPDX-License-Identifier: Apache-2.0
// See kernel_admin.hpp. A config change from the admin API goes through the same validator
// as the config file (the JSON is turned into a TOML table first), so both refuse the same
// values with the same words.
#include "kernel/host/kernel_admin.hpp"

#include <toml++/toml.h>

#include "kernel/host/config_overrides.hpp"
#include "kernel/host/config_validate.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/wiring.hpp"

namespace sb::kernel {
namespace {

// Null values are left out: the key then takes its default.
void put(toml::table& t, std::string_view key, const json::value& v);

toml::array to_toml_array(const json::array& a) {
  toml::array out;
  for (auto& v : a) {
    if (v.is_bool())
      out.push_back(v.as_bool());
    else if (v.is_int64())
      out.push_back(v.as_int64());
    else if (v.is_uint64())
      out.push_back(static_cast<std::int64_t>(v.as_uint64()));
    else if (v.is_double())
      out.push_back(v.as_double());
    else if (v.is_string())
      out.push_back(std::string(v.as_string()));
    else if (v.is_array())
      out.push_back(to_toml_array(v.as_array()));
    else if (v.is_object()) {
      toml::table t;
      for (auto& [k, x] : v.as_object()) put(t, k, x);
      out.push_back(std::move(t));
    }
  }
  return out;
}

void put(toml::table& t, std::string_view key, const json::value& v) {
  if (v.is_bool())
    t.insert(key, v.as_bool());
  else if (v.is_int64())
    t.insert(key, v.as_int64());
  else if (v.is_uint64())
    t.insert(key, static_cast<std::int64_t>(v.as_uint64()));
  else if (v.is_double())
    t.insert(key, v.as_double());
  else if (v.is_string())
    t.insert(key, std::string(v.as_string()));
  else if (v.is_array())
    t.insert(key, to_toml_array(v.as_array()));
  else if (v.is_object()) {
    toml::table sub;
    for (auto& [k, x] : v.as_object()) put(sub, k, x);
    t.insert(key, std::move(sub));
  }
}

json::object masked(const json::object& config, const ConfigSchema& schema) {
  json::object out = config;
  for (auto& k : schema) {
    if (!k.secret) continue;
    auto* v = out.if_contains(k.name);
    if (v && !(v->is_null() || (v->is_string() && v->as_string().empty())))
      *v = KernelAdminService::kMasked;
  }
  return out;
}

}  // namespace

std::vector<PluginInstanceInfo> KernelAdminService::plugins() {
  std::vector<PluginInstanceInfo> out;
  for (auto& v : host_.instance_views()) {
    auto& m = *v.manifest;
    out.push_back({v.id, m.name, m.kind, m.version,
                   std::to_string(v.abi_major) + "." + std::to_string(v.abi_minor), v.state,
                   v.health, v.reloadable, masked(v.config, m.schema), m.schema});
  }
  return out;
}

ConfigChangeResult KernelAdminService::change_config(const std::string& instance,
                                                     const json::object& config) {
  using Outcome = ConfigChangeResult::Outcome;
  const PluginHost::InstanceView* found = nullptr;
  auto views = host_.instance_views();
  for (auto& v : views)
    if (v.id == instance) found = &v;
  if (!found || found->state != "started")
    return {Outcome::not_found, {}, "no running plugin instance \"" + instance + "\""};
  toml::table table;
  for (auto& [key, value] : config) {
    // A masked secret means "keep what runs": the admin never saw the value.
    if (value.is_string() && value.as_string() == kMasked) {
      if (auto* running = found->config.if_contains(key)) put(table, key, *running);
      continue;
    }
    put(table, key, value);
  }
  EnvOverrides no_env;
  std::vector<ConfigError> errors;
  auto prefix = "plugin." + instance;
  auto fresh =
      validate_section(table, found->manifest->schema, prefix, "admin API", no_env, errors);
  if (!errors.empty()) {
    auto& e = errors.front();
    auto field = e.key.starts_with(prefix + ".") ? e.key.substr(prefix.size() + 1) : e.key;
    return {Outcome::invalid, field, field + ": " + e.message};
  }
  auto applied = host_.apply_config(instance, std::move(fresh));
  if (!applied) return {Outcome::not_found, {}, "no running plugin instance \"" + instance + "\""};
  if (!*applied)
    return {Outcome::cannot_reload,
            {},
            "plugin instance \"" + instance +
                "\" cannot apply a config change while it runs; change the file and restart"};
  // Kept for the next SIGHUP and restart. It runs already: a failure to keep it is said,
  // not a refusal.
  try {
    save_override(server_.data_dir, instance, table);
  } catch (const std::exception& e) {
    return {Outcome::applied, {}, std::string("applied, but not kept: ") + e.what()};
  }
  return {};
}

std::vector<WiringEventInfo> KernelAdminService::wiring() {
  std::vector<WiringEventInfo> out;
  for (auto& e : planned_wiring(bus_, host_.manifests())) {
    auto& o = e.as_object();
    WiringEventInfo ev{std::string(o.at("event").as_string()), {}};
    for (auto& h : o.at("interceptors").as_array()) {
      auto& r = h.as_object();
      ev.handlers.push_back(
          {std::string(r.at("instance").as_string()), "interceptor",
           static_cast<int>(r.at("priority").as_int64()), r.at("deadline_ms").as_int64(),
           std::string(r.at("failure_mode").as_string()), r.at("excluded").as_bool()});
    }
    for (auto& h : o.at("observers").as_array()) {
      auto& r = h.as_object();
      ev.handlers.push_back({std::string(r.at("instance").as_string()), "observer", 0, 0, "",
                             r.at("excluded").as_bool()});
    }
    out.push_back(std::move(ev));
  }
  return out;
}

std::vector<MetricSample> KernelAdminService::metrics() {
  return metrics_.snapshot();
}

ListenerInfo KernelAdminService::listener() {
  return {server_.public_only, !server_.tls_cert.empty() && !server_.tls_key.empty()};
}

}  // namespace sb::kernel
