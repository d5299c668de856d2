// SPDX-License-Identifier: Apache-2.0
// What the plugin reads from the broker before the core sees a frame: the device a topic
// names, and the pings it answers itself. Apart so the fuzz target reaches them.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <switchboard/json.hpp>

namespace transport_mqtt {

// "sb/in/<user>/<device>" -> {user, device}; ids never contain '/'.
std::optional<std::pair<std::string, std::string>> device_of(const std::string& topic);

// {"op":"ping"} with its id (null when it has none), if the frame is exactly that.
std::optional<sb::json::value> ping_id(const std::string& frame);

}  // namespace transport_mqtt
