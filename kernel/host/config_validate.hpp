// SPDX-License-Identifier: Apache-2.0
// One validator for every config section (kernel and plugin): checks a TOML table against a
// ConfigSchema, applies SB_SECTION__KEY environment overrides, and collects every error.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>
#include <switchboard/config_schema.hpp>
#include <switchboard/json.hpp>

namespace sb::kernel {

struct ConfigError {
  std::string where;    // "file:line:column", a file name, or "environment variable SB_X__Y"
  std::string key;      // full dotted key ("plugin.webhook-a.url"); empty for syntax errors
  std::string message;  // what is wrong, with the offending value
  // "config/x.toml:12:1: server.listen: expected string, got integer"
  std::string to_string() const;
};

// Thrown by the loader with every error found; what() is one line per error.
class ConfigErrors : public std::runtime_error {
 public:
  explicit ConfigErrors(std::vector<ConfigError> errs);
  std::vector<ConfigError> errors;
};

// The SB_ environment variables, with a record of which ones a section consumed, so that a
// variable matching no key (a typo like SB_SERVR__LISTEN) is refused instead of ignored.
// Plugin sections are validated after their manifests load, so the final check is separate:
// call check_unused_env() once every section has been validated.
class EnvOverrides {
 public:
  EnvOverrides() = default;
  explicit EnvOverrides(std::map<std::string, std::string> vars);
  // Every SB_* variable of this process.
  static EnvOverrides from_process();

  // "plugin.webhook-a.url" -> "SB_PLUGIN__WEBHOOK_A__URL".
  static std::string variable_for(std::string_view dotted_key);

  // The override for a dotted key, marking it consumed; also remembers the name as a valid
  // one, for "did you mean" suggestions.
  std::optional<std::string> take(std::string_view dotted_key);
  // Whether an override exists, without consuming it.
  bool has(std::string_view dotted_key) const;
  // Variables that start with the prefix's variable name plus "__" (e.g. every
  // SB_SERVICES__* for "services").
  std::vector<std::string> variables_under(std::string_view dotted_prefix) const;
  // Marks every variable under a prefix consumed; for sections that are deliberately not
  // validated (a disabled plugin instance).
  void consume_under(std::string_view dotted_prefix);
  // Marks one variable (by variable name) consumed.
  void consume_variable(const std::string& var);

  // SB_* variables containing "__" that nothing consumed, sorted.
  std::vector<std::string> unused() const;
  // Variable names that sections looked up (whether set or not).
  const std::set<std::string>& known() const { return known_; }
  const std::map<std::string, std::string>& vars() const { return vars_; }

 private:
  std::map<std::string, std::string> vars_;
  std::set<std::string> consumed_;
  std::set<std::string> known_;
};

// Validates `table` against `schema`. Returns a json::object with every schema key present:
// the given value, else the default, else null (a key with an error gets its default, so the
// result is always well-typed). `key_prefix` is the section's dotted path ("server",
// "plugin.webhook-a"); `file` names the config file in errors. Errors are appended.
json::object validate_section(const toml::table& table, const ConfigSchema& schema,
                              std::string_view key_prefix, std::string_view file, EnvOverrides& env,
                              std::vector<ConfigError>& errors);

// Appends an error for each SB_*__* variable that no section consumed.
void check_unused_env(const EnvOverrides& env, std::vector<ConfigError>& errors);

}  // namespace sb::kernel
