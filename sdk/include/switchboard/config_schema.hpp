// SPDX-License-Identifier: Apache-2.0
// A plugin's (or kernel section's) config schema: one row per key with its type, default,
// range and description. The kernel validates a section against it before the plugin starts
// (unknown keys, wrong types, missing required keys and out-of-range values are refused with
// the file, line and key); the same table prints help, documents the plugin and feeds the
// admin UI's forms.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/json.hpp>

namespace sb {

enum class ConfigType {
  boolean,
  integer,
  number,  // floating point; integers are accepted
  string,
  string_list,  // array of strings
  table,        // free-form table of scalar values (e.g. test phone number -> code)
};

std::string_view to_string(ConfigType t);

struct ConfigKey {
  std::string name;
  ConfigType type = ConfigType::string;
  std::string description;
  json::value default_value = nullptr;  // null: no default
  bool required = false;                // a required key has no default
  std::optional<double> min;            // integer/number: inclusive bounds; string: length
  std::optional<double> max;
  std::vector<std::string> choices;  // string: allowed values when non-empty
  bool secret = false;               // never printed back (admin UI masks it)
};

using ConfigSchema = std::vector<ConfigKey>;

// Row builders, so that a schema reads as a table:
//   sb::ConfigSchema{sb::key_int("port", 8080, "TCP port", 1, 65535), ...}
inline ConfigKey key_bool(std::string name, bool def, std::string desc) {
  return {std::move(name), ConfigType::boolean, std::move(desc), def, false, {}, {}, {}, false};
}
inline ConfigKey key_int(std::string name, std::int64_t def, std::string desc,
                         std::optional<double> min = {}, std::optional<double> max = {}) {
  return {std::move(name), ConfigType::integer, std::move(desc), def, false, min, max, {}, false};
}
inline ConfigKey key_number(std::string name, double def, std::string desc,
                            std::optional<double> min = {}, std::optional<double> max = {}) {
  return {std::move(name), ConfigType::number, std::move(desc), def, false, min, max, {}, false};
}
inline ConfigKey key_string(std::string name, std::string def, std::string desc,
                            std::vector<std::string> choices = {}) {
  return {std::move(name),
          ConfigType::string,
          std::move(desc),
          json::string(def),
          false,
          {},
          {},
          std::move(choices),
          false};
}
inline ConfigKey key_strings(std::string name, std::vector<std::string> def, std::string desc) {
  json::array a;
  for (auto& s : def) a.emplace_back(json::string(s));
  return {std::move(name),
          ConfigType::string_list,
          std::move(desc),
          std::move(a),
          false,
          {},
          {},
          {},
          false};
}
inline ConfigKey key_table(std::string name, std::string desc) {
  return {std::move(name),
          ConfigType::table,
          std::move(desc),
          json::object{},
          false,
          {},
          {},
          {},
          false};
}
// A key that must be given; `type` is its type.
inline ConfigKey key_required(std::string name, ConfigType type, std::string desc) {
  return {std::move(name), type, std::move(desc), nullptr, true, {}, {}, {}, false};
}
inline ConfigKey secret(ConfigKey k) {
  k.secret = true;
  return k;
}

inline std::string_view to_string(ConfigType t) {
  switch (t) {
    case ConfigType::boolean: return "boolean";
    case ConfigType::integer: return "integer";
    case ConfigType::number: return "number";
    case ConfigType::string: return "string";
    case ConfigType::string_list: return "array of strings";
    case ConfigType::table: return "table";
  }
  return "unknown";
}

// Read access to a validated section (every schema key present, defaults filled in).
// Asking for a key the schema lacks, or with the wrong type, is a programming error and
// throws std::logic_error naming the key.
class ConfigView {
 public:
  explicit ConfigView(const json::object& values) : values_(values) {}

  bool boolean(std::string_view key) const { return at(key).as_bool(); }
  std::int64_t integer(std::string_view key) const { return at(key).as_int64(); }
  double number(std::string_view key) const { return at(key).to_number<double>(); }
  std::string string(std::string_view key) const { return std::string(at(key).as_string()); }
  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    for (auto& v : at(key).as_array()) out.emplace_back(v.as_string());
    return out;
  }
  const json::object& table(std::string_view key) const { return at(key).as_object(); }
  bool has(std::string_view key) const {
    auto it = values_.find(key);
    return it != values_.end() && !it->value().is_null();
  }
  const json::object& raw() const { return values_; }

 private:
  const json::value& at(std::string_view key) const {
    auto it = values_.find(key);
    if (it == values_.end())
      throw std::logic_error("config key not in schema: " + std::string(key));
    return it->value();
  }
  const json::object& values_;
};

}  // namespace sb
