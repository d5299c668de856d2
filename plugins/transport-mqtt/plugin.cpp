// SPDX-License-Identifier: Apache-2.0
// transport-mqtt's manifest and registration: nothing else belongs in this file.
#include <switchboard/events/device.hpp>
#include <switchboard/events/system.hpp>
#include <switchboard/plugin.hpp>

#include "mqtt_plugin.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "transport-mqtt",
          .version = "1.0.0",
          .kind = "transport",
          .description =
              "Protocol-v1 frames through an MQTT broker (Mosquitto, EMQX, HiveMQ): "
              "sb/in/<user>/<device> in, sb/out/<user>/<device> out, QoS 1; "
              "per-device credentials through Mosquitto's dynamic security.",
          .provides = {},
          .requires_ = {std::string(sb::Messaging::service_name),
                        std::string(sb::AccountStore::service_name)},
          .consumes = {std::string(sb::ServerStarted::event_name),
                       std::string(sb::DeviceRevoked::event_name)},
          .intercepts = {{std::string(sb::DeviceVerified::event_name), 100}},
          .publishes = {},
          .schema = transport_mqtt::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, transport_mqtt::MqttPlugin)
