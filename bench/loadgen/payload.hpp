// SPDX-License-Identifier: Apache-2.0
// The benchmark payload: "sbt=<send time ns>;seq=<n>;" padded with 'x', readable in JSON, MQTT
// and XMPP. The sequence number (per sender, from 1) lets receivers count losses and duplicates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen {

struct Stamp {
  std::int64_t sent_ns = 0;
  std::uint64_t seq = 0;
};

inline std::string make_payload(std::int64_t t_ns, std::uint64_t seq, std::size_t bytes) {
  std::string s = "sbt=" + std::to_string(t_ns) + ";seq=" + std::to_string(seq) + ";";
  if (s.size() < bytes) s.append(bytes - s.size(), 'x');
  return s;
}

// The stamp in a payload (or in a frame that contains one), if any.
inline std::optional<Stamp> payload_stamp(std::string_view frame) {
  auto number = [&](std::size_t& i, std::uint64_t& v) {
    std::size_t digits = 0;
    for (v = 0; i < frame.size() && frame[i] >= '0' && frame[i] <= '9' && digits < 19;
         ++i, ++digits)
      v = v * 10 + static_cast<std::uint64_t>(frame[i] - '0');
    return digits > 0;
  };
  auto p = frame.find("sbt=");
  if (p == std::string_view::npos) return std::nullopt;
  std::size_t i = p + 4;
  std::uint64_t t = 0, seq = 0;
  if (!number(i, t)) return std::nullopt;
  if (frame.substr(i, 5) != ";seq=") return std::nullopt;
  i += 5;
  if (!number(i, seq) || seq == 0) return std::nullopt;
  return Stamp{static_cast<std::int64_t>(t), seq};
}

}  // namespace loadgen
