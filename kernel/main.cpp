// SPDX-License-Identifier: Apache-2.0
// The `switchboard` daemon and its subcommands (see kernel/commands/).
#include <iostream>

#include <switchboard/abi.hpp>

#include "kernel/commands/commands.hpp"
#include "kernel/host/data_dir.hpp"

int main(int argc, char** argv) {
  using namespace sb::kernel;
  // Before any command can create a file: the data dir's files are for this user alone.
  restrict_umask();
  CommandLine cmd;
  try {
    cmd = parse_command_line(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "switchboard: " << e.what() << "\n\n" << usage();
    return 2;
  }
  if (cmd.command == "help") return std::cout << usage(), 0;
  if (cmd.command == "version") {
    std::cout << "switchboard " SB_VERSION " (SDK ABI " << SB_ABI_MAJOR << "." << SB_ABI_MINOR
              << ")\n";
    return 0;
  }
  if (cmd.command == "events") return print_events(cmd);
  if (cmd.command == "abi-fingerprint") return print_abi_fingerprint(cmd);
  if (cmd.command == "check") return check_config(cmd);
  if (cmd.command == "wiring") return print_wiring(cmd);
  if (cmd.command == "migrate-store") return migrate_store(cmd);
  if (cmd.command == "ban" || cmd.command == "unban") return ban_user(cmd);
  if (cmd.command == "admin") return admin_command(cmd);
  return run_server(cmd);
}
