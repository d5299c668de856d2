// SPDX-License-Identifier: Apache-2.0
// How sbctl prints replies and events: one human line, or the JSON object (--json).
#pragma once

#include <string>

#include <switchboard/client/frames.hpp>

namespace sbctl {

// "alice (u_1) in c_2 #5: hello" for a message, "delivered: m_9 by u_2" for a receipt, the
// event name and its JSON for anything else.
std::string describe_event(const sb::client::Event& event);
// The text of a message body: body.text when it is {"text":..}, a file's name, size and
// type (never its key), a string body, else JSON.
std::string body_text(const sb::client::json::value& body);

}  // namespace sbctl
