// SPDX-License-Identifier: Apache-2.0
// A minimal MQTT 3.1.1 codec: the packets a QoS 1 pub/sub client needs, and a decoder that
// splits a byte stream into packets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen::mqtt {

enum Type : std::uint8_t {
  CONNECT = 1,
  CONNACK = 2,
  PUBLISH = 3,
  PUBACK = 4,
  SUBSCRIBE = 8,
  SUBACK = 9,
  PINGREQ = 12,
  PINGRESP = 13
};

std::string connect(std::string_view client_id, std::string_view user, std::string_view pass,
                    std::uint16_t keepalive_s);
std::string subscribe(std::uint16_t packet_id, std::string_view filter, std::uint8_t qos);
std::string publish(std::string_view topic, std::string_view payload, std::uint8_t qos,
                    std::uint16_t packet_id);
std::string puback(std::uint16_t packet_id);
std::string pingreq();

struct Packet {
  std::uint8_t type = 0, flags = 0;
  std::string_view body;  // after the fixed header; valid until the buffer is consumed
};

// The first whole packet in `buf` and its total length, or nullopt when more bytes are needed.
std::optional<std::pair<Packet, std::size_t>> next_packet(std::string_view buf);

struct Publish {
  std::string_view topic, payload;
  std::uint8_t qos = 0;
  std::uint16_t packet_id = 0;
};
std::optional<Publish> parse_publish(const Packet& p);
std::uint16_t packet_id_of(const Packet& p);  // PUBACK, SUBACK

}  // namespace loadgen::mqtt
