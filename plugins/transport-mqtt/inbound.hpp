// SPDX-License-Identifier: Apache-2.0
// What the plugin reads from the broker before the core sees a frame: the device a topic
// names, and the ops it answers itself (ping, mqtt.batch). Apart so the fuzz target reaches them.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <switchboard/json.hpp>

namespace transport_mqtt {

// "sb/in/<user>/<device>" -> {user, device}; ids never contain '/'.
std::optional<std::pair<std::string, std::string>> device_of(const std::string& topic);

struct TransportOp {
  std::string op;  // "ping" or "mqtt.batch"
  sb::json::value id;
};

// The transport's own ops (ping, mqtt.batch) with their id (null when it has none); nullopt
// for anything else, which goes to the core.
std::optional<TransportOp> transport_op(const std::string& frame);

}  // namespace transport_mqtt
