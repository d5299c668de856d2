// SPDX-License-Identifier: Apache-2.0
// The benchmark payload: "sbt=<send time ns>;" padded with 'x', readable in JSON, MQTT and XMPP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen {

inline std::string make_payload(std::int64_t t_ns, std::size_t bytes) {
  std::string s = "sbt=" + std::to_string(t_ns) + ";";
  if (s.size() < bytes) s.append(bytes - s.size(), 'x');
  return s;
}

// The send time in a payload (or in a frame that contains one), if any.
inline std::optional<std::int64_t> payload_time(std::string_view frame) {
  auto p = frame.find("sbt=");
  if (p == std::string_view::npos) return std::nullopt;
  std::int64_t v = 0;
  std::size_t i = p + 4, digits = 0;
  for (; i < frame.size() && frame[i] >= '0' && frame[i] <= '9' && digits < 19; ++i, ++digits)
    v = v * 10 + (frame[i] - '0');
  if (digits == 0) return std::nullopt;
  return v;
}

}  // namespace loadgen
