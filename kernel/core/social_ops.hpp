// SPDX-License-Identifier: Apache-2.0
// The op groups for what a client's first screen shows (status posts, profiles, the chat
// list and account deletion); dispatcher.cpp adds them to the op table with the others.
#pragma once

#include "kernel/core/dispatcher.hpp"

namespace sb::core {

void add_status_ops(OpTable& ops);
void add_profile_ops(OpTable& ops);
void add_chat_ops(OpTable& ops);

}  // namespace sb::core
