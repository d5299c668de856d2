// SPDX-License-Identifier: Apache-2.0
// `events`, `abi-fingerprint`, `version`: commands that need no config.
#include <iostream>

#include <switchboard/abi.hpp>

#include "kernel/commands/commands.hpp"
#include "kernel/host/abi_fingerprint.hpp"
#include "kernel/host/event_catalogue.hpp"

namespace sb::kernel {

int print_events(const CommandLine& cmd) {
  auto catalogue = event_catalogue();
  if (cmd.json)
    std::cout << json::serialize(catalogue) << "\n";
  else
    std::cout << render_event_catalogue(catalogue);
  return 0;
}

int print_abi_fingerprint(const CommandLine& cmd) {
  auto dir = cmd.sdk_dir.empty() ? std::string("sdk/include/switchboard") : cmd.sdk_dir;
  try {
    std::cout << SB_ABI_MAJOR << "." << SB_ABI_MINOR << " " << abi_fingerprint(dir) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "abi-fingerprint: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace sb::kernel
