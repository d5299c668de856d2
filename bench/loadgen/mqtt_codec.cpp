// SPDX-License-Identifier: Apache-2.0
// Encoding and decoding of the MQTT 3.1.1 packets the load generator uses.
#include "mqtt_codec.hpp"

namespace loadgen::mqtt {

namespace {

void put_u16(std::string& s, std::uint16_t v) {
  s.push_back(static_cast<char>(v >> 8));
  s.push_back(static_cast<char>(v & 0xff));
}

void put_str(std::string& s, std::string_view v) {
  put_u16(s, static_cast<std::uint16_t>(v.size()));
  s.append(v);
}

std::string frame(std::uint8_t first, const std::string& body) {
  std::string s;
  s.push_back(static_cast<char>(first));
  std::size_t len = body.size();
  do {
    std::uint8_t b = len % 128;
    len /= 128;
    if (len > 0) b |= 0x80;
    s.push_back(static_cast<char>(b));
  } while (len > 0);
  s += body;
  return s;
}

std::uint16_t u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<std::uint8_t>(b[at]) << 8) |
                                    static_cast<std::uint8_t>(b[at + 1]));
}

}  // namespace

std::string connect(std::string_view client_id, std::string_view user, std::string_view pass,
                    std::uint16_t keepalive_s) {
  std::string b;
  put_str(b, "MQTT");
  b.push_back(4);             // 3.1.1
  std::uint8_t flags = 0x02;  // clean session
  if (!user.empty()) flags |= 0x80;
  if (!pass.empty()) flags |= 0x40;
  b.push_back(static_cast<char>(flags));
  put_u16(b, keepalive_s);
  put_str(b, client_id);
  if (!user.empty()) put_str(b, user);
  if (!pass.empty()) put_str(b, pass);
  return frame(CONNECT << 4, b);
}

std::string subscribe(std::uint16_t packet_id, std::string_view filter, std::uint8_t qos) {
  std::string b;
  put_u16(b, packet_id);
  put_str(b, filter);
  b.push_back(static_cast<char>(qos));
  return frame((SUBSCRIBE << 4) | 0x02, b);
}

std::string publish(std::string_view topic, std::string_view payload, std::uint8_t qos,
                    std::uint16_t packet_id) {
  std::string b;
  b.reserve(topic.size() + payload.size() + 4);
  put_str(b, topic);
  if (qos > 0) put_u16(b, packet_id);
  b.append(payload);
  return frame(static_cast<std::uint8_t>((PUBLISH << 4) | (qos << 1)), b);
}

std::string puback(std::uint16_t packet_id) {
  std::string b;
  put_u16(b, packet_id);
  return frame(PUBACK << 4, b);
}

std::string pingreq() {
  return frame(PINGREQ << 4, "");
}

std::optional<std::pair<Packet, std::size_t>> next_packet(std::string_view buf) {
  if (buf.size() < 2) return std::nullopt;
  std::size_t len = 0, mult = 1, i = 1;
  for (;; ++i) {
    if (i >= buf.size() || i > 4) return std::nullopt;
    auto b = static_cast<std::uint8_t>(buf[i]);
    len += (b & 0x7f) * mult;
    mult *= 128;
    if (!(b & 0x80)) break;
  }
  std::size_t header = i + 1;
  if (buf.size() < header + len) return std::nullopt;
  Packet p;
  p.type = static_cast<std::uint8_t>(buf[0]) >> 4;
  p.flags = static_cast<std::uint8_t>(buf[0]) & 0x0f;
  p.body = buf.substr(header, len);
  return std::make_pair(p, header + len);
}

std::optional<Publish> parse_publish(const Packet& p) {
  if (p.type != PUBLISH || p.body.size() < 2) return std::nullopt;
  Publish out;
  out.qos = (p.flags >> 1) & 0x03;
  std::size_t tlen = u16(p.body, 0);
  std::size_t at = 2 + tlen;
  if (p.body.size() < at + (out.qos ? 2 : 0)) return std::nullopt;
  out.topic = p.body.substr(2, tlen);
  if (out.qos) {
    out.packet_id = u16(p.body, at);
    at += 2;
  }
  out.payload = p.body.substr(at);
  return out;
}

std::uint16_t packet_id_of(const Packet& p) {
  return p.body.size() >= 2 ? u16(p.body, 0) : 0;
}

}  // namespace loadgen::mqtt
