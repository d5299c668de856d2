// SPDX-License-Identifier: Apache-2.0
// What every sending command fills in the same way: the recipient from USER|group:ID and a
// fresh client_msg_id (the server's duplicate check).
#pragma once

#include <string>

#include <switchboard/client/frames.hpp>

namespace sbctl {

sb::client::json::object recipient(const std::string& target);
std::string random_client_msg_id();

}  // namespace sbctl
