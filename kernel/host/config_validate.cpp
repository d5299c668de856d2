// SPDX-License-Identifier: Apache-2.0
// Schema validation of one config section, from the TOML file and from SB_* environment
// variables; see config_validate.hpp.
#include "kernel/host/config_validate.hpp"

#include <algorithm>

#include "kernel/host/config_util.hpp"

namespace sb::kernel {

namespace cd = config_detail;

std::string ConfigError::to_string() const {
  std::string out;
  if (!where.empty()) out += where + ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

namespace {

std::string join_lines(const std::vector<ConfigError>& errs) {
  std::string out;
  for (auto& e : errs) {
    if (!out.empty()) out += '\n';
    out += e.to_string();
  }
  return out;
}

}  // namespace

ConfigErrors::ConfigErrors(std::vector<ConfigError> errs)
    : std::runtime_error(join_lines(errs)), errors(std::move(errs)) {}

// ---- validation ------------------------------------------------------------------------------

namespace {

struct KeyContext {
  const ConfigKey& key;
  std::string full;   // dotted key
  std::string where;  // of the value
  std::vector<ConfigError>& errors;
  void error(std::string message) const { errors.push_back({where, full, std::move(message)}); }
  // A secret's value never reaches a log line, even when it is wrong.
  std::string shown(std::string_view value) const {
    return key.secret ? std::string("a hidden value (secret key)") : cd::quote(value);
  }
};

std::optional<json::value> from_toml(const KeyContext& k, const toml::node& node,
                                     std::string_view file) {
  auto wrong = [&]() -> std::optional<json::value> {
    k.error("expected " + std::string(sb::to_string(k.key.type)) + ", got " +
            std::string(cd::toml_type_name(node)));
    return std::nullopt;
  };
  switch (k.key.type) {
    case ConfigType::boolean:
      if (auto* b = node.as_boolean()) return json::value(b->get());
      return wrong();
    case ConfigType::integer:
      if (auto* i = node.as_integer()) return json::value(i->get());
      return wrong();
    case ConfigType::number:
      if (auto* i = node.as_integer()) return json::value(i->get());
      if (auto* f = node.as_floating_point()) return json::value(f->get());
      return wrong();
    case ConfigType::string:
      if (auto* s = node.as_string()) return json::value(json::string(s->get()));
      return wrong();
    case ConfigType::string_list: {
      auto* arr = node.as_array();
      if (!arr) return wrong();
      json::array out;
      bool ok = true;
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::node& item = *arr->get(i);
        if (auto* s = item.as_string()) {
          out.emplace_back(json::string(s->get()));
        } else {
          k.errors.push_back({cd::where_of(item, file), k.full + "[" + std::to_string(i) + "]",
                              "expected string, got " + std::string(cd::toml_type_name(item))});
          ok = false;
        }
      }
      if (!ok) return std::nullopt;
      return json::value(std::move(out));
    }
    case ConfigType::table: {
      auto* t = node.as_table();
      if (!t) return wrong();
      json::object out;
      bool ok = true;
      for (auto& [name, child] : cd::in_file_order(*t)) {
        if (auto v = cd::scalar_to_json(*child)) {
          out[name] = std::move(*v);
        } else {
          k.errors.push_back({cd::where_of(*child, file), k.full + "." + name,
                              "expected a string, integer, float or boolean, got " +
                                  std::string(cd::toml_type_name(*child))});
          ok = false;
        }
      }
      if (!ok) return std::nullopt;
      return json::value(std::move(out));
    }
  }
  return wrong();
}

std::optional<json::value> from_env(const KeyContext& k, const std::string& raw) {
  std::string_view text = cd::trim(raw);
  auto bad = [&](std::string_view expected) -> std::optional<json::value> {
    k.error("expected " + std::string(expected) + ", got " + k.shown(raw));
    return std::nullopt;
  };
  switch (k.key.type) {
    case ConfigType::boolean: {
      std::string t = cd::lower(text);
      if (t == "true" || t == "1" || t == "yes") return json::value(true);
      if (t == "false" || t == "0" || t == "no") return json::value(false);
      return bad("boolean (true/false, 1/0, yes/no)");
    }
    case ConfigType::integer:
      if (auto i = cd::parse_int(text)) return json::value(*i);
      return bad("integer");
    case ConfigType::number:
      if (auto i = cd::parse_int(text)) return json::value(*i);
      if (auto d = cd::parse_double(text)) return json::value(*d);
      return bad("number");
    case ConfigType::string: return json::value(json::string(raw));
    case ConfigType::string_list: {
      json::array out;
      if (text.starts_with('[')) {
        auto doc = cd::parse_inline(text);
        auto* arr = doc ? doc->get_as<toml::array>("v") : nullptr;
        if (!arr) return bad("an array of strings like [\"a\", \"b\"]");
        for (auto& item : *arr) {
          auto* s = item.as_string();
          if (!s) return bad("an array of strings like [\"a\", \"b\"]");
          out.emplace_back(json::string(s->get()));
        }
        return json::value(std::move(out));
      }
      if (text.empty()) return json::value(std::move(out));
      std::size_t pos = 0;
      while (true) {
        auto comma = text.find(',', pos);
        auto item =
            cd::trim(text.substr(pos, comma == std::string_view::npos ? comma : comma - pos));
        if (item.empty()) return bad("a comma-separated list without empty items");
        out.emplace_back(json::string(item));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
      }
      return json::value(std::move(out));
    }
    case ConfigType::table: {
      auto doc = cd::parse_inline(text);
      auto* t = doc ? doc->get_as<toml::table>("v") : nullptr;
      if (!t) return bad("an inline TOML table like {name = \"value\"}");
      json::object out;
      for (auto& [name, child] : cd::in_file_order(*t)) {
        auto v = cd::scalar_to_json(*child);
        if (!v) return bad("an inline TOML table of strings, integers, floats or booleans");
        out[name] = std::move(*v);
      }
      return json::value(std::move(out));
    }
  }
  return bad(sb::to_string(k.key.type));
}

std::string bounds_text(const ConfigKey& key) {
  if (key.min && key.max) {
    return "between " + cd::format_number(*key.min) + " and " + cd::format_number(*key.max);
  }
  if (key.min) return "at least " + cd::format_number(*key.min);
  return "at most " + cd::format_number(*key.max);
}

bool check_constraints(const KeyContext& k, const json::value& v) {
  const ConfigKey& key = k.key;
  bool bounded = key.min.has_value() || key.max.has_value();
  if ((key.type == ConfigType::integer || key.type == ConfigType::number) && bounded) {
    double x = v.is_int64() ? static_cast<double>(v.as_int64()) : v.as_double();
    if ((key.min && x < *key.min) || (key.max && x > *key.max)) {
      std::string got = key.secret     ? k.shown("")
                        : v.is_int64() ? std::to_string(v.as_int64())
                                       : cd::format_number(x);
      k.error("must be " + bounds_text(key) + ", got " + got);
      return false;
    }
  }
  if (key.type == ConfigType::string && bounded) {
    auto n = static_cast<double>(v.as_string().size());
    if ((key.min && n < *key.min) || (key.max && n > *key.max)) {
      k.error("must be " + bounds_text(key) + " characters long, got " + cd::format_number(n));
      return false;
    }
  }
  if (!key.choices.empty() &&
      (key.type == ConfigType::string || key.type == ConfigType::string_list)) {
    auto allowed = [&](std::string_view s) {
      return std::find(key.choices.begin(), key.choices.end(), s) != key.choices.end();
    };
    std::vector<std::string_view> items;
    if (v.is_string()) items.push_back(v.as_string());
    if (v.is_array()) {
      for (auto& item : v.as_array()) items.push_back(item.as_string());
    }
    for (auto s : items) {
      if (allowed(s)) continue;
      std::string list;
      for (auto& c : key.choices) list += (list.empty() ? "" : ", ") + c;
      k.error("must be one of " + list + "; got " + k.shown(s) +
              (key.secret ? "" : cd::did_you_mean(s, key.choices)));
      return false;
    }
  }
  return true;
}

const ConfigKey* find_key(const ConfigSchema& schema, std::string_view name) {
  for (auto& k : schema) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace

json::object validate_section(const toml::table& table, const ConfigSchema& schema,
                              std::string_view key_prefix, std::string_view file, EnvOverrides& env,
                              std::vector<ConfigError>& errors) {
  return cd::validate_keys(table, schema, key_prefix, file, env, errors, nullptr);
}

json::object cd::validate_keys(const toml::table& table, const ConfigSchema& schema,
                               std::string_view key_prefix, std::string_view file,
                               EnvOverrides& env, std::vector<ConfigError>& errors,
                               const std::function<bool(std::string_view)>& include) {
  auto full = [&](std::string_view name) {
    return key_prefix.empty() ? std::string(name)
                              : std::string(key_prefix) + "." + std::string(name);
  };
  std::vector<std::string> names;
  for (auto& k : schema) names.push_back(k.name);

  std::map<std::string, json::value, std::less<>> values;
  for (auto& [name, node] : cd::in_file_order(table)) {
    if (include && !include(name)) continue;
    const ConfigKey* key = find_key(schema, name);
    if (!key) {
      errors.push_back(
          {cd::where_of(*node, file), full(name), "unknown key" + cd::did_you_mean(name, names)});
      continue;
    }
    KeyContext k{*key, full(name), cd::where_of(*node, file), errors};
    if (auto v = from_toml(k, *node, file); v && check_constraints(k, *v)) values[name] = *v;
  }

  json::object out;
  for (auto& key : schema) {
    std::string dotted = full(key.name);
    if (auto text = env.take(dotted)) {
      KeyContext k{key, dotted, cd::env_where(EnvOverrides::variable_for(dotted)), errors};
      if (auto v = from_env(k, *text); v && check_constraints(k, *v)) values[key.name] = *v;
    } else if (key.required && !table.contains(key.name)) {
      errors.push_back({cd::where_of(table, file), dotted,
                        "missing required key (" + std::string(sb::to_string(key.type)) + ")"});
    }
    auto it = values.find(key.name);
    out[key.name] = it != values.end() ? it->second : key.default_value;
  }
  return out;
}

}  // namespace sb::kernel
