// SPDX-License-Identifier: Apache-2.0
// Small helpers shared by the config validator and the loader (positions, type names,
// typo suggestions, text parsing); internal to the kernel.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>
#include <switchboard/json.hpp>

#include "kernel/host/config_validate.hpp"

namespace sb::kernel::config_detail {

// "file:line:column" of a node, or just `file` when the node has no source position (a
// table the file never wrote).
std::string where_of(const toml::node& node, std::string_view file);
std::string env_where(std::string_view var);
// "string", "integer", "float", "boolean", "array", "table", "date", ...
std::string_view toml_type_name(const toml::node& node);

// The closest candidate when it is a plausible typo of `word` (case, '-' versus '_' and a
// few edits), else empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);
// "; did you mean X?" or empty.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Children of a table in the order the file wrote them (toml::table iterates by key).
std::vector<std::pair<std::string, const toml::node*>> in_file_order(const toml::table& t);
// A scalar TOML value as JSON; nullopt for arrays, tables, dates and times.
std::optional<json::value> scalar_to_json(const toml::node& node);

// Parses a TOML document; on a syntax error returns nullopt and fills `error` with the
// position and toml++'s description. Works whether toml++ was built with exceptions or not.
std::optional<toml::table> parse_toml(std::string_view text, std::string_view name,
                                      ConfigError& error);
// Parses "v = <text>" so that an environment variable can hold an inline array or table;
// the value is the returned table's "v".
std::optional<toml::table> parse_inline(std::string_view text);

// validate_section() restricted to the table's keys that `include` accepts (all when empty),
// for tables that mix schema keys with others (bus.handlers, an instance's use/enabled).
// Copying a toml::table drops its source positions, so the loader filters rather than copies.
json::object validate_keys(const toml::table& table, const ConfigSchema& schema,
                           std::string_view key_prefix, std::string_view file, EnvOverrides& env,
                           std::vector<ConfigError>& errors,
                           const std::function<bool(std::string_view)>& include);

// [a-z0-9][a-z0-9-_]*
bool valid_instance_id(std::string_view id);

std::string_view trim(std::string_view s);
std::string lower(std::string_view s);
std::string quote(std::string_view s);
// Whole-text parses: "12x" is refused, not read as 12.
std::optional<std::int64_t> parse_int(std::string_view s);
std::optional<double> parse_double(std::string_view s);
// 8080 rather than 8080.000000.
std::string format_number(double d);

}  // namespace sb::kernel::config_detail
