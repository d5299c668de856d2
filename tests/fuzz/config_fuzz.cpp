// SPDX-License-Identifier: Apache-2.0
// Fuzzes the config loader: the input is a TOML file, optionally followed by a line "#ENV"
// and NAME=VALUE lines taken as SB_ overrides. The loader must load it or throw ConfigErrors
// (each naming a key or a line); any other exception or a crash is a finding.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "kernel/host/config.hpp"

namespace {

std::map<std::string, std::string> env_lines(std::string_view text) {
  std::map<std::string, std::string> vars;
  while (!text.empty() && vars.size() < 32) {
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    vars[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  return vars;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view toml = input;
  std::map<std::string, std::string> vars;
  if (auto split = input.find("\n#ENV\n"); split != std::string_view::npos) {
    toml = input.substr(0, split);
    vars = env_lines(input.substr(split + 6));
  }
  sb::kernel::EnvOverrides env(std::move(vars));
  try {
    auto config = sb::kernel::load_config_string(toml, "fuzz.toml", env);
    (void)env.unused();
  } catch (const sb::kernel::ConfigErrors& e) {
    if (e.errors.empty()) __builtin_trap();  // an error must say what is wrong
  }
  return 0;
}
