// SPDX-License-Identifier: Apache-2.0
// Shared by the config tests: load a TOML text with given environment variables, or get
// the error lines of one that must fail.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

#include "kernel/host/config.hpp"

namespace sb::kernel::test {

inline KernelConfig load(std::string_view text, std::map<std::string, std::string> vars = {}) {
  EnvOverrides env(std::move(vars));
  return load_config_string(text, "t.toml", env);
}

// The error lines of a config that must fail, joined.
inline std::string failure(std::string_view text, std::map<std::string, std::string> vars = {}) {
  try {
    load(text, std::move(vars));
  } catch (const ConfigErrors& e) {
    return e.what();
  }
  ADD_FAILURE() << "config loaded:\n" << text;
  return {};
}

}  // namespace sb::kernel::test
