// SPDX-License-Identifier: Apache-2.0
// Fuzzes transport-mqtt's handling of what arrives from the broker before the core sees it:
// the topic that names the device and the ping it answers itself. Input: topic, NUL, payload.
// (MQTT packets themselves are parsed by Mosquitto and Paho, not by Switchboard.)
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "inbound.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto nul = in.find('\0');
  std::string topic(in.substr(0, nul));
  std::string payload(nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1));
  if (auto who = transport_mqtt::device_of(topic)) {
    auto& [user, device] = *who;
    if (user.empty() || device.empty() || user.find('/') != std::string::npos ||
        device.find('/') != std::string::npos)
      __builtin_trap();
    if ("sb/in/" + user + "/" + device != topic) __builtin_trap();
  }
  if (auto op = transport_mqtt::transport_op(payload)) (void)sb::json::serialize(op->id);
  return 0;
}
