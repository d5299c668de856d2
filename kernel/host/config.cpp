// SPDX-License-Identifier: Apache-2.0
// The config loader: kernel sections through the schema validator into typed settings, plus
// the [services] wiring and the list of [plugin.<id>] instances; see config.hpp.
#include "kernel/host/config.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "kernel/core/phone.hpp"
#include "kernel/host/config_overrides.hpp"
#include "kernel/host/config_util.hpp"

namespace sb::kernel {

namespace cd = config_detail;

namespace {

using std::chrono::milliseconds;

const std::vector<std::string>& known_sections() {
  static const std::vector<std::string> s{"server", "log",       "plugins", "services", "bus",
                                          "auth",   "messaging", "limits",  "plugin"};
  return s;
}

const ConfigSchema& instance_schema() {
  static const ConfigSchema schema{
      key_string("use", "", "Plugin to load (libsb_<use>.so); empty: the instance id"),
      key_bool("enabled", true, "Whether to load this instance"),
  };
  return schema;
}

FailureMode failure_mode(std::string_view s) {
  return s == "closed" ? FailureMode::closed : FailureMode::open;
}

std::string bad_id_message(std::string_view what, std::string_view id) {
  return "invalid " + std::string(what) + " " + cd::quote(id) +
         ": use lowercase letters, digits, '-' and '_', starting with a letter or digit";
}

class Loader {
 public:
  Loader(KernelConfig& cfg, EnvOverrides& env, std::vector<ConfigError>& errors)
      : cfg_(cfg), env_(env), errors_(errors), file_(cfg.file) {}

  // Takes the instance tables out of `doc`.
  void run(toml::table& doc) {
    for (auto& [name, node] : cd::in_file_order(doc)) {
      if (std::find(known_sections().begin(), known_sections().end(), name) ==
          known_sections().end()) {
        error(*node, name, "unknown section" + cd::did_you_mean(name, known_sections()));
      } else if (!node->is_table()) {
        error(*node, name, "expected table, got " + std::string(cd::toml_type_name(*node)));
      }
    }
    // Instances first: their ids tell which SB_BUS__HANDLERS__* variables are meaningful.
    instances(doc.get_as<toml::table>("plugin"));
    server(section(doc, "server"));
    log(section(doc, "log"));
    cfg_.plugins_json = validate("plugins", section(doc, "plugins"), plugins_schema());
    cfg_.plugin_dirs = ConfigView(cfg_.plugins_json).strings("dirs");
    services(section(doc, "services"));
    bus(section(doc, "bus"));
    auth(section(doc, "auth"));
    messaging(section(doc, "messaging"));
    cfg_.limits_json = validate("limits", section(doc, "limits"), limits_schema());
    cfg_.messaging.limits = limits_settings(cfg_.limits_json);
    unused_env();
  }

 private:
  const toml::table& section(const toml::table& doc, std::string_view name) {
    auto* t = doc.get_as<toml::table>(name);
    return t ? *t : empty_;
  }

  void error(const toml::node& node, std::string key, std::string message) {
    errors_.push_back({cd::where_of(node, file_), std::move(key), std::move(message)});
  }

  json::object validate(std::string_view prefix, const toml::table& t, const ConfigSchema& s) {
    return validate_section(t, s, prefix, file_, env_, errors_);
  }

  // Where a validated value came from, for checks beyond the schema.
  std::string value_where(const toml::table& t, std::string_view prefix, std::string_view key) {
    std::string dotted = std::string(prefix) + "." + std::string(key);
    if (env_.has(dotted)) return cd::env_where(EnvOverrides::variable_for(dotted));
    if (auto* n = t.get(key)) return cd::where_of(*n, file_);
    return cd::where_of(t, file_);
  }

  void instances(toml::table* plugins) {
    if (!plugins) return;
    for (auto& [id, node] : cd::in_file_order(*plugins)) {
      std::string key = "plugin." + id;
      if (!cd::valid_instance_id(id)) {
        error(*node, key, bad_id_message("instance id", id));
        continue;
      }
      auto* t = plugins->get_as<toml::table>(id);
      if (!t) {
        error(*node, key, "expected table, got " + std::string(cd::toml_type_name(*node)));
        continue;
      }
      json::object v =
          cd::validate_keys(*t, instance_schema(), key, file_, env_, errors_,
                            [](std::string_view k) { return k == "use" || k == "enabled"; });
      InstanceConfig inst;
      inst.id = id;
      inst.plugin = v["use"].as_string();
      if (inst.plugin.empty()) inst.plugin = id;
      if (!cd::valid_instance_id(inst.plugin)) {
        errors_.push_back({value_where(*t, key, "use"), key + ".use",
                           bad_id_message("plugin name", inst.plugin)});
      }
      inst.enabled = v["enabled"].as_bool();
      inst.where = cd::where_of(*t, file_);
      inst.section = std::move(*t);  // a move keeps the source positions; a copy would not
      inst.section.erase("use");
      inst.section.erase("enabled");
      instance_ids_.push_back(id);
      cfg_.instances.push_back(std::move(inst));
    }
  }

  void server(const toml::table& t) {
    cfg_.server_json = validate("server", t, server_schema());
    ConfigView v(cfg_.server_json);
    ServerSettings& s = cfg_.server;
    s.listen = v.string("listen");
    s.data_dir = v.string("data_dir");
    s.node_id = v.string("node_id");
    s.io_threads = static_cast<int>(v.integer("io_threads"));
    s.tls_cert = v.string("tls_cert");
    s.tls_key = v.string("tls_key");
    s.max_header_bytes = static_cast<std::size_t>(v.integer("max_header_bytes"));
    s.max_body_bytes = static_cast<std::size_t>(v.integer("max_body_bytes"));
    s.header_timeout = milliseconds(v.integer("header_timeout_ms"));
    s.body_timeout = milliseconds(v.integer("body_timeout_ms"));
    s.keepalive_timeout = milliseconds(v.integer("keepalive_timeout_ms"));
    s.drain_timeout = milliseconds(v.integer("drain_timeout_ms"));
    s.max_connections = static_cast<std::size_t>(v.integer("max_connections"));
    s.max_connections_per_address =
        static_cast<std::size_t>(v.integer("max_connections_per_address"));
    s.public_only = v.boolean("public_only");
    s.metrics_token = v.string("metrics_token");
    s.cors_origins = v.strings("cors_origins");

    // The schema cannot say "host:port", and a bad address would otherwise surface only as
    // a bind failure without a line number.
    auto colon = s.listen.rfind(':');
    auto port = colon == std::string::npos
                    ? std::nullopt
                    : cd::parse_int(std::string_view(s.listen).substr(colon + 1));
    if (colon == 0 || !port || *port < 0 || *port > 65535 || s.listen[colon + 1] == '+') {
      errors_.push_back(
          {value_where(t, "server", "listen"), "server.listen",
           "expected host:port with a port between 0 and 65535, got " + cd::quote(s.listen)});
    }
    if (s.tls_cert.empty() != s.tls_key.empty()) {
      bool cert = !s.tls_cert.empty();
      errors_.push_back({value_where(t, "server", cert ? "tls_cert" : "tls_key"),
                         cert ? "server.tls_key" : "server.tls_cert",
                         std::string("must be set too: TLS needs both tls_cert and tls_key")});
    }
  }

  void log(const toml::table& t) {
    cfg_.log_json = validate("log", t, log_schema());
    ConfigView v(cfg_.log_json);
    cfg_.log.level = v.string("level");
    cfg_.log.format = v.string("format") == "json" ? LogFormat::json : LogFormat::text;
  }

  void services(const toml::table& t) {
    std::vector<std::string> in_file;
    for (auto& [name, node] : cd::in_file_order(t)) {
      std::string key = "services." + name;
      in_file.push_back(EnvOverrides::variable_for(key));
      std::optional<std::string> value;
      std::string where = cd::where_of(*node, file_);
      if (auto* s = node->as_string()) {
        value = s->get();
      } else {
        error(*node, key,
              "expected string (an instance id), got " + std::string(cd::toml_type_name(*node)));
      }
      if (auto e = env_.take(key)) {
        value = *e;
        where = cd::env_where(EnvOverrides::variable_for(key));
      }
      if (value) service(name, *value, where);
    }
    // A service the file does not wire: the variable's tail, lowercased, with '_' read as
    // '-' (the usual spelling of names here), is the service name.
    std::string prefix = EnvOverrides::variable_for("services") + "__";
    for (auto& var : env_.variables_under("services")) {
      if (std::find(in_file.begin(), in_file.end(), var) != in_file.end()) continue;
      std::string name = cd::lower(std::string_view(var).substr(prefix.size()));
      if (name.empty() || name.find("__") != std::string::npos) continue;
      std::replace(name.begin(), name.end(), '_', '-');
      if (auto e = env_.take("services." + name)) service(name, *e, cd::env_where(var));
    }
  }

  void service(const std::string& name, const std::string& id, const std::string& where) {
    if (!cd::valid_instance_id(id)) {
      errors_.push_back({where, "services." + name, bad_id_message("instance id", id)});
      return;
    }
    cfg_.services[name] = id;
  }

  void bus(const toml::table& t) {
    cfg_.bus_json = cd::validate_keys(t, bus_schema(), "bus", file_, env_, errors_,
                                      [](std::string_view k) { return k != "handlers"; });
    ConfigView v(cfg_.bus_json);
    BusSettings& b = cfg_.bus;
    b.observer_threads = static_cast<int>(v.integer("observer_threads"));
    b.queue_capacity = static_cast<std::size_t>(v.integer("queue_capacity"));
    b.default_deadline = milliseconds(v.integer("default_deadline_ms"));
    b.default_failure_mode = failure_mode(v.string("default_failure_mode"));

    if (auto* node = t.get("handlers")) {
      if (auto* handlers = node->as_table()) {
        for (auto& [id, rule] : cd::in_file_order(*handlers)) {
          std::string key = "bus.handlers." + id;
          if (!cd::valid_instance_id(id)) {
            error(*rule, key, bad_id_message("instance id", id));
          } else if (auto* rt = rule->as_table()) {
            handler(id, *rt);
          } else {
            error(*rule, key, "expected table, got " + std::string(cd::toml_type_name(*rule)));
          }
        }
      } else {
        error(*node, "bus.handlers",
              "expected table, got " + std::string(cd::toml_type_name(*node)));
      }
    }
    // Variables alone may write a rule for a configured instance.
    for (auto& id : instance_ids_) {
      if (b.handlers.contains(id)) continue;
      if (!env_.variables_under("bus.handlers." + id).empty()) handler(id, empty_);
    }
  }

  void handler(const std::string& id, const toml::table& t) {
    json::object j = validate("bus.handlers." + id, t, bus_handler_schema());
    HandlerRule r;
    if (j["priority"].is_int64()) r.priority = static_cast<int>(j["priority"].as_int64());
    if (j["deadline_ms"].is_int64()) r.deadline = milliseconds(j["deadline_ms"].as_int64());
    if (j["failure_mode"].is_string()) r.failure_mode = failure_mode(j["failure_mode"].as_string());
    if (j["events"].is_array()) {
      r.events.emplace();
      for (auto& e : j["events"].as_array()) r.events->emplace_back(e.as_string());
    }
    if (j["filter"].is_object()) r.filter = j["filter"].as_object();
    cfg_.bus.handlers[id] = std::move(r);
    cfg_.bus_handlers_json[id] = std::move(j);
  }

  void auth(const toml::table& t) {
    cfg_.auth_json = validate("auth", t, auth_schema());
    ConfigView v(cfg_.auth_json);
    AuthSettings& a = cfg_.auth;
    a.code_ttl = std::chrono::seconds(v.integer("code_ttl_s"));
    a.max_attempts = static_cast<int>(v.integer("max_attempts"));
    a.requests_per_phone_per_hour = static_cast<int>(v.integer("requests_per_phone_per_hour"));
    a.requests_per_address_per_hour = static_cast<int>(v.integer("requests_per_address_per_hour"));
    a.requests_per_prefix_per_hour = static_cast<int>(v.integer("requests_per_prefix_per_hour"));
    a.access_token_ttl = std::chrono::seconds(v.integer("access_token_ttl_s"));
    a.refresh_token_ttl = std::chrono::hours(24 * v.integer("refresh_token_ttl_days"));
    // The schema says "a table"; what a test number and its code look like is ours to check.
    std::string where = value_where(t, "auth", "test_numbers");
    for (auto& [phone, code] : v.table("test_numbers")) {
      std::string key = "auth.test_numbers." + std::string(phone);
      if (!core::is_e164(phone)) {
        errors_.push_back({where, key,
                           "expected an E.164 phone number ('+' then 8 to 15 digits, the first "
                           "not 0) as the key, got " +
                               cd::quote(phone)});
      } else if (!code.is_string() || !core::is_login_code(code.as_string())) {
        errors_.push_back({where, key,
                           "expected a 6-digit code as a quoted string (\"123456\"), got " +
                               json::serialize(code)});
      } else {
        a.test_numbers[std::string(phone)] = std::string(code.as_string());
      }
    }
  }

  void messaging(const toml::table& t) {
    cfg_.messaging_json = validate("messaging", t, messaging_schema());
    ConfigView v(cfg_.messaging_json);
    MessagingSettings& m = cfg_.messaging;
    m.max_body_bytes = static_cast<std::size_t>(v.integer("max_body_bytes"));
    m.retention =
        v.string("retention") == "keep" ? RetentionMode::keep : RetentionMode::until_delivered;
    m.undelivered_ttl = std::chrono::hours(24 * v.integer("undelivered_ttl_days"));
    m.sweep_interval = std::chrono::seconds(v.integer("sweep_interval_s"));
    m.max_group_members = static_cast<std::size_t>(v.integer("max_group_members"));
    m.prekeys_low_threshold = static_cast<int>(v.integer("prekeys_low_threshold"));
    m.presence_coalesce = std::chrono::milliseconds(v.integer("presence_coalesce_ms"));
    m.read_cache = std::chrono::milliseconds(v.integer("read_cache_ms"));
    m.push_interval = std::chrono::milliseconds(v.integer("push_interval_ms"));
    m.push_max_tries = static_cast<int>(v.integer("push_max_tries"));
    m.push_give_up = std::chrono::seconds(v.integer("push_give_up_s"));
    m.group_add_privacy = v.string("group_add_privacy");
    m.slow_consumer_timeout = std::chrono::milliseconds(v.integer("slow_consumer_timeout_ms"));
  }

  // Variables for configured instances wait for the plugin host; any other unconsumed one
  // matches nothing and is refused now, while the file's errors are reported with it.
  void unused_env() {
    std::vector<std::string> pending;
    for (auto& id : instance_ids_)
      pending.push_back(EnvOverrides::variable_for("plugin." + id) + "__");
    std::vector<std::string> known(env_.known().begin(), env_.known().end());
    for (auto& var : env_.unused()) {
      bool waits = std::any_of(pending.begin(), pending.end(),
                               [&](const std::string& p) { return var.starts_with(p); });
      if (waits) continue;
      errors_.push_back(
          {cd::env_where(var), "",
           "matches no configuration key (SB_<SECTION>__<KEY>)" + cd::did_you_mean(var, known)});
    }
  }

  KernelConfig& cfg_;
  EnvOverrides& env_;
  std::vector<ConfigError>& errors_;
  std::string file_;
  std::vector<std::string> instance_ids_;
  const toml::table empty_;
};

}  // namespace

KernelConfig load_config_string(std::string_view toml_text, std::string_view name,
                                EnvOverrides& env) {
  ConfigError syntax;
  auto doc = cd::parse_toml(toml_text, name, syntax);
  if (!doc) throw ConfigErrors({syntax});
  KernelConfig cfg;
  cfg.file = std::string(name);
  std::vector<ConfigError> errors;
  Loader(cfg, env, errors).run(*doc);
  if (!errors.empty()) throw ConfigErrors(std::move(errors));
  return cfg;
}

KernelConfig load_config(const std::string& path, EnvOverrides& env) {
  auto cannot_read = [&](int err) {
    return ConfigErrors({{"", "", "cannot read " + path + ": " + std::strerror(err)}});
  };
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw cannot_read(errno);
  std::string text;
  char buf[8192];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) text.append(buf, n);
  int err = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (err != 0) throw cannot_read(err);
  auto cfg = load_config_string(text, path, env);
  apply_overrides(cfg);
  return cfg;
}

}  // namespace sb::kernel
