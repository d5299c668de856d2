// SPDX-License-Identifier: Apache-2.0
// The config loader: reads switchboard.toml (plus SB_* environment overrides) into the
// kernel's typed settings and the list of plugin instances, refusing any mistake by file:line.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>
#include <switchboard/config_schema.hpp>
#include <switchboard/json.hpp>

#include "kernel/host/config_validate.hpp"
#include "kernel/host/settings.hpp"

namespace sb::kernel {

// One [plugin.<id>] table. Its own keys are validated later, against the manifest's schema,
// with validate_section(section, schema, "plugin." + id, file, env, errors).
// Move-only: toml++ drops source positions when a table is copied, and a copied section
// would report its errors without line numbers.
struct InstanceConfig {
  InstanceConfig() = default;
  InstanceConfig(InstanceConfig&&) = default;
  InstanceConfig& operator=(InstanceConfig&&) = default;
  InstanceConfig(const InstanceConfig&) = delete;
  InstanceConfig& operator=(const InstanceConfig&) = delete;

  std::string id;
  std::string plugin;  // `use`, defaulting to the id
  bool enabled = true;
  std::string where;    // "file:line:column" of the table
  toml::table section;  // the raw table without `use` and `enabled`
};

// Move-only, because of its instances' sections.
struct KernelConfig {
  std::string file;
  ServerSettings server;
  LogSettings log;
  BusSettings bus;
  AuthSettings auth;
  MessagingSettings messaging;
  std::vector<std::string> plugin_dirs;         // empty: the caller's default
  std::map<std::string, std::string> services;  // service name -> instance id
  std::vector<InstanceConfig> instances;        // in file order
  // The validated sections (every key, defaults filled), for the admin UI.
  json::object server_json, log_json, plugins_json, bus_json, auth_json, messaging_json,
      limits_json;
  std::map<std::string, json::object> bus_handlers_json;  // by instance id
};

// The kernel sections as schemas, so that one validator serves kernel and plugins and the
// admin UI renders them like any plugin's.
const ConfigSchema& server_schema();
const ConfigSchema& log_schema();
const ConfigSchema& plugins_schema();
const ConfigSchema& bus_schema();  // without `handlers`, a table of bus_handler_schema tables
const ConfigSchema& bus_handler_schema();
const ConfigSchema& auth_schema();
const ConfigSchema& messaging_schema();
const ConfigSchema& limits_schema();
// [limits] as validated against limits_schema().
LimitsSettings limits_settings(const json::object& validated);

// Loads and validates everything but the plugins' own keys. Throws ConfigErrors with every
// error found (syntax errors with file:line:column; "cannot read <path>: <reason>").
// Environment variables for kernel sections and for instances the file does not configure
// are checked here; those for configured instances stay pending until the plugin host has
// validated their sections and calls check_unused_env().
// Then applies <data_dir>/config-overrides.toml (config_overrides.hpp).
KernelConfig load_config(const std::string& path, EnvOverrides& env);
// The same from text; `name` stands for the file name in errors.
KernelConfig load_config_string(std::string_view toml_text, std::string_view name,
                                EnvOverrides& env);

}  // namespace sb::kernel
