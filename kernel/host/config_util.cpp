// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the config validator and the loader; see config_util.hpp.
#include "kernel/host/config_util.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace sb::kernel::config_detail {

std::string where_of(const toml::node& node, std::string_view file) {
  const auto& begin = node.source().begin;
  // A node parsed from another file (the config overrides) names its own.
  if (const auto& path = node.source().path; path && !path->empty()) file = *path;
  if (begin.line == 0) return std::string(file);
  return std::string(file) + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column);
}

std::string env_where(std::string_view var) {
  return "environment variable " + std::string(var);
}

std::string_view toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

namespace {

std::string normalize(std::string_view s) {
  std::string out = lower(s);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

// Optimal string alignment distance: a swapped pair of letters counts as one typo.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string w = normalize(word);
  std::size_t limit = std::clamp<std::size_t>(w.size() / 3, 1, 3);
  std::string best;
  std::size_t best_d = limit + 1;
  for (auto& c : candidates) {
    std::size_t dist = edit_distance(w, normalize(c));
    if (dist < best_d) {
      best_d = dist;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string c = closest(word, candidates);
  return c.empty() ? "" : "; did you mean " + c + "?";
}

std::vector<std::pair<std::string, const toml::node*>> in_file_order(const toml::table& t) {
  std::vector<std::pair<std::string, const toml::node*>> out;
  for (auto& [k, v] : t) out.emplace_back(std::string(k.str()), &v);
  auto pos = [](const toml::node* n) {
    const auto& b = n->source().begin;
    // Nodes without a position (made in code) sort last, by key.
    return std::pair(b.line == 0 ? std::numeric_limits<toml::source_index>::max() : b.line,
                     b.column);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](auto& a, auto& b) { return pos(a.second) < pos(b.second); });
  return out;
}

std::optional<json::value> scalar_to_json(const toml::node& node) {
  if (auto* s = node.as_string()) return json::value(json::string(s->get()));
  if (auto* i = node.as_integer()) return json::value(i->get());
  if (auto* f = node.as_floating_point()) return json::value(f->get());
  if (auto* b = node.as_boolean()) return json::value(b->get());
  return std::nullopt;
}

std::optional<toml::table> parse_toml(std::string_view text, std::string_view name,
                                      ConfigError& error) {
  auto fail = [&](const toml::parse_error& e) {
    const auto& b = e.source().begin;
    error.where = std::string(name);
    if (b.line != 0) error.where += ":" + std::to_string(b.line) + ":" + std::to_string(b.column);
    error.key.clear();
    error.message = std::string(e.description());
  };
#if TOML_EXCEPTIONS
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    fail(e);
    return std::nullopt;
  }
#else
  auto result = toml::parse(text, name);
  if (!result) {
    fail(result.error());
    return std::nullopt;
  }
  return std::move(result).table();
#endif
}

std::optional<toml::table> parse_inline(std::string_view text) {
  ConfigError ignored;
  std::string doc = "v = ";
  doc += text;
  return parse_toml(doc, "", ignored);
}

bool valid_instance_id(std::string_view id) {
  if (id.empty()) return false;
  auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_alnum(id[0])) return false;
  return std::all_of(id.begin() + 1, id.end(),
                     [&](char c) { return lower_alnum(c) || c == '-' || c == '_'; });
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  if (s.starts_with('+')) s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view s) {
  if (s.starts_with('+')) s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string format_number(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(d));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

}  // namespace sb::kernel::config_detail
