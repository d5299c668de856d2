// SPDX-License-Identifier: Apache-2.0
// The frames a server writes (RFC 6455 §5.2): final, unmasked, the length in its minimal
// encoding. Data payloads are not copied: only their headers are built here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sb::kernel::ws_frame {

inline constexpr std::uint8_t kText = 0x1, kClose = 0x8, kPing = 0x9, kPong = 0xA;
inline constexpr std::size_t kMaxHeaderBytes = 10;

// Appends the header of a final, unmasked frame of `len` payload bytes to `out`.
inline void append_header(std::string& out, std::uint8_t opcode, std::uint64_t len) {
  out += static_cast<char>(0x80 | opcode);
  if (len < 126) {
    out += static_cast<char>(len);
  } else if (len <= 0xFFFF) {
    out += static_cast<char>(126);
    out += static_cast<char>(len >> 8);
    out += static_cast<char>(len & 0xFF);
  } else {
    out += static_cast<char>(127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((len >> shift) & 0xFF);
  }
}

// Appends a whole control frame; `payload` must be at most 125 bytes.
inline void append_control(std::string& out, std::uint8_t opcode, std::string_view payload) {
  append_header(out, opcode, payload.size());
  out.append(payload);
}

// Appends a close frame; code 0 sends none (the answer to a close that carried none).
inline void append_close(std::string& out, std::uint16_t code, std::string_view reason) {
  std::string payload;
  if (code != 0) {
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload.append(reason.substr(0, 123));
  }
  append_control(out, kClose, payload);
}

}  // namespace sb::kernel::ws_frame
