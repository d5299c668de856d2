// SPDX-License-Identifier: Apache-2.0
// sbctl's commands, one function per command family; each returns the exit code or throws
// CliError.
#pragma once

#include <iosfwd>

#include "cli.hpp"

namespace sbctl {

int run_command(const Invocation& inv, std::ostream& out);

int cmd_request_code(const Invocation& inv, std::ostream& out);
int cmd_register(const Invocation& inv, std::ostream& out);
int cmd_whoami(const Invocation& inv, std::ostream& out);
int cmd_send(const Invocation& inv, std::ostream& out);
int cmd_send_file(const Invocation& inv, std::ostream& out);
int cmd_get_file(const Invocation& inv, std::ostream& out);
int cmd_listen(const Invocation& inv, std::ostream& out);
int cmd_read(const Invocation& inv, std::ostream& out);
int cmd_group(const Invocation& inv, std::ostream& out);
int cmd_keys(const Invocation& inv, std::ostream& out);
int cmd_devices(const Invocation& inv, std::ostream& out);
int cmd_raw(const Invocation& inv, std::ostream& out);
int cmd_status(const Invocation& inv, std::ostream& out);
int cmd_profile(const Invocation& inv, std::ostream& out);
int cmd_chats(const Invocation& inv, std::ostream& out);
int cmd_safety_number(const Invocation& inv, std::ostream& out);

}  // namespace sbctl
