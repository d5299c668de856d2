// SPDX-License-Identifier: Apache-2.0
// SB_SECTION__KEY environment overrides: lookup by dotted key, and the record of which
// variables a section consumed, so that one matching nothing is refused.
#include <unistd.h>

#include <cctype>

#include "kernel/host/config_util.hpp"
#include "kernel/host/config_validate.hpp"

namespace sb::kernel {

namespace cd = config_detail;

EnvOverrides::EnvOverrides(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}

EnvOverrides EnvOverrides::from_process() {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    auto name = kv.substr(0, eq);
    if (name.starts_with("SB_")) vars.emplace(name, kv.substr(eq + 1));
  }
  return EnvOverrides(std::move(vars));
}

std::string EnvOverrides::variable_for(std::string_view dotted_key) {
  std::string out = "SB_";
  for (char c : dotted_key) {
    if (c == '.') {
      out += "__";
    } else if (c == '-') {
      out += '_';
    } else {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::optional<std::string> EnvOverrides::take(std::string_view dotted_key) {
  std::string var = variable_for(dotted_key);
  known_.insert(var);
  auto it = vars_.find(var);
  if (it == vars_.end()) return std::nullopt;
  consumed_.insert(var);
  return it->second;
}

bool EnvOverrides::has(std::string_view dotted_key) const {
  return vars_.contains(variable_for(dotted_key));
}

std::vector<std::string> EnvOverrides::variables_under(std::string_view dotted_prefix) const {
  std::string p = variable_for(dotted_prefix) + "__";
  std::vector<std::string> out;
  for (auto it = vars_.lower_bound(p); it != vars_.end() && it->first.starts_with(p); ++it) {
    out.push_back(it->first);
  }
  return out;
}

void EnvOverrides::consume_under(std::string_view dotted_prefix) {
  for (auto& v : variables_under(dotted_prefix)) consumed_.insert(v);
}

void EnvOverrides::consume_variable(const std::string& var) {
  consumed_.insert(var);
}

std::vector<std::string> EnvOverrides::unused() const {
  std::vector<std::string> out;
  for (auto& [name, value] : vars_) {
    if (name.starts_with("SB_") && name.find("__") != std::string::npos &&
        !consumed_.contains(name)) {
      out.push_back(name);
    }
  }
  return out;
}

void check_unused_env(const EnvOverrides& env, std::vector<ConfigError>& errors) {
  std::vector<std::string> known(env.known().begin(), env.known().end());
  for (auto& var : env.unused()) {
    errors.push_back(
        {cd::env_where(var), "",
         "matches no configuration key (SB_<SECTION>__<KEY>)" + cd::did_you_mean(var, known)});
  }
}

}  // namespace sb::kernel
