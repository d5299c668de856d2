// SPDX-License-Identifier: Apache-2.0
// The `switchboard` subcommands. Each returns the process exit code: 0 success, 1 the
// deployment is invalid or failed, 2 a usage error.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sb::kernel {

struct CommandLine {
  std::string command = "run";
  std::string config_path;  // empty: $SB_CONFIG, else config/switchboard.toml
  bool json = false;
  std::string sdk_dir;
  std::string from_config;  // migrate-store
  std::string to_config;
  std::size_t batch_rows = 5000;
  std::vector<std::string> rest;
  std::string role;             // admin add
  bool password_stdin = false;  // admin add, admin passwd
};

// Parses argv; throws std::invalid_argument with a message for the user on bad usage.
CommandLine parse_command_line(int argc, char** argv);
std::string usage();
// Plugin directories used when the config names none: next to the binary
// (build/bin/../plugins) and the installed location.
std::vector<std::string> default_plugin_dirs();
std::string resolve_config_path(const CommandLine& cmd);

int run_server(const CommandLine& cmd);
int check_config(const CommandLine& cmd);
int print_wiring(const CommandLine& cmd);
int print_events(const CommandLine& cmd);
int print_abi_fingerprint(const CommandLine& cmd);
int migrate_store(const CommandLine& cmd);
int ban_user(const CommandLine& cmd);  // ban and unban
int admin_command(const CommandLine& cmd);  // admin add|list|remove|passwd

}  // namespace sb::kernel
