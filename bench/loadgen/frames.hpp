// SPDX-License-Identifier: Apache-2.0
// Cheap scanning of protocol-v1 frames in the hot path (no full JSON parse): what kind of
// frame it is and its cursor. Also builds the send and ack frames.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace loadgen {

enum class FrameKind { message, other_event, reply_ok, reply_error, unknown };

inline std::int64_t int_field(std::string_view f, std::string_view key_quoted) {
  auto p = f.find(key_quoted);
  if (p == std::string_view::npos) return -1;
  p += key_quoted.size();
  while (p < f.size() && (f[p] == ':' || f[p] == ' ')) ++p;
  std::int64_t v = 0;
  bool any = false;
  for (; p < f.size() && f[p] >= '0' && f[p] <= '9'; ++p, any = true) v = v * 10 + (f[p] - '0');
  return any ? v : -1;
}

inline FrameKind frame_kind(std::string_view f) {
  if (f.find("\"ev\":\"message\"") != std::string_view::npos) return FrameKind::message;
  if (f.find("\"ev\":") != std::string_view::npos) return FrameKind::other_event;
  if (f.find("\"ok\":true") != std::string_view::npos) return FrameKind::reply_ok;
  if (f.find("\"ok\":false") != std::string_view::npos) return FrameKind::reply_error;
  return FrameKind::unknown;
}

// client_msg_id is "<run nonce>-<id>": a send is idempotent per device and client_msg_id, so
// ids must not repeat across runs with the same accounts.
inline std::string send_frame(std::string_view nonce, std::uint64_t id, std::string_view to_kind,
                              std::string_view to, std::string_view payload) {
  std::string s;
  s.reserve(payload.size() + 160);
  s += "{\"id\":";
  s += std::to_string(id);
  s += ",\"op\":\"send\",\"to\":{\"";
  s += to_kind;
  s += "\":\"";
  s += to;
  s += "\"},\"client_msg_id\":\"";
  s += nonce;
  s += '-';
  s += std::to_string(id);
  s += "\",\"enc\":\"none\",\"body\":\"";
  s += payload;
  s += "\"}";
  return s;
}

inline std::string ack_frame(std::int64_t cursor) {
  return "{\"op\":\"ack\",\"cursor\":" + std::to_string(cursor) + "}";
}

}  // namespace loadgen
