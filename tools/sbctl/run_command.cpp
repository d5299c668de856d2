// SPDX-License-Identifier: Apache-2.0
// Dispatches the first command word to its function.
#include <ostream>

#include "commands.hpp"
#include "errors.hpp"

namespace sbctl {

int run_command(const Invocation& inv, std::ostream& out) {
  if (inv.help || inv.words.empty() || inv.words[0] == "help") {
    out << kHelp;
    return inv.words.empty() && !inv.help ? exit_code::usage : exit_code::ok;
  }
  const std::string& cmd = inv.words[0];
  if (cmd == "request-code") return cmd_request_code(inv, out);
  if (cmd == "register") return cmd_register(inv, out);
  if (cmd == "whoami") return cmd_whoami(inv, out);
  if (cmd == "send") return cmd_send(inv, out);
  if (cmd == "send-file") return cmd_send_file(inv, out);
  if (cmd == "get-file") return cmd_get_file(inv, out);
  if (cmd == "listen") return cmd_listen(inv, out);
  if (cmd == "read") return cmd_read(inv, out);
  if (cmd == "group") return cmd_group(inv, out);
  if (cmd == "keys") return cmd_keys(inv, out);
  if (cmd == "devices") return cmd_devices(inv, out);
  if (cmd == "raw") return cmd_raw(inv, out);
  if (cmd == "status") return cmd_status(inv, out);
  if (cmd == "profile") return cmd_profile(inv, out);
  if (cmd == "chats") return cmd_chats(inv, out);
  if (cmd == "safety-number") return cmd_safety_number(inv, out);
  throw CliError(exit_code::usage, "unknown command: " + cmd + " (see sbctl --help)");
}

}  // namespace sbctl
