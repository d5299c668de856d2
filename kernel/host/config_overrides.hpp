// SPDX-License-Identifier: Apache-2.0
// Plugin config changes made through the admin API, kept in <data_dir>/config-overrides.toml
// so that they outlive a SIGHUP and a restart: the loader reads the file after the main one,
// and each [plugin.<id>] table there replaces that instance's keys (not `use`, `enabled`).
#pragma once

#include <string>

#include <toml++/toml.h>

#include "kernel/host/config.hpp"

namespace sb::kernel {

std::string overrides_path(const std::string& data_dir);

// Replaces the sections of `cfg`'s instances with the overrides file's, when it exists.
// Throws ConfigErrors naming the overrides file and line (a syntax error, a table for an
// instance the main file does not configure, `use` or `enabled` in it).
void apply_overrides(KernelConfig& cfg);

// Writes `section` (the instance's whole section) as [plugin.<instance>] of the overrides
// file, keeping the other instances' tables; atomically (temporary file, fsync, rename), mode
// 0600 (a section may hold secrets). Serialised within the process. Throws
// std::runtime_error when the file cannot be read or written.
void save_override(const std::string& data_dir, const std::string& instance,
                   const toml::table& section);

}  // namespace sb::kernel
