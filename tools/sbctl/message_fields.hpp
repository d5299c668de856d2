// SPDX-License-Identifier: Apache-2.0
// What every sending command does the same way: the recipient from USER|group:ID, a fresh
// client_msg_id (the server's duplicate check), and the send itself, encrypted or plain.
#pragma once

#include <string>

#include <switchboard/client/frames.hpp>

namespace sbctl {

class Connection;
struct Invocation;

sb::client::json::object recipient(const std::string& target);
std::string random_client_msg_id();

// Sends `body` to USER|group:ID: end-to-end encrypted, or with --plain as enc "none" (what
// bots read). `media` are the ids the message carries. CliError on failure.
sb::client::Reply send_body(Connection& c, const Invocation& inv, const std::string& target,
                            const sb::client::json::object& body,
                            const sb::client::json::array& media = {});

}  // namespace sbctl
