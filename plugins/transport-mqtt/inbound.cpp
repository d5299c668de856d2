// SPDX-License-Identifier: Apache-2.0
// See inbound.hpp.
#include "inbound.hpp"

#include <string_view>

namespace transport_mqtt {

namespace json = sb::json;

std::optional<std::pair<std::string, std::string>> device_of(const std::string& topic) {
  constexpr std::string_view prefix = "sb/in/";
  if (!topic.starts_with(prefix)) return std::nullopt;
  auto rest = topic.substr(prefix.size());
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= rest.size() ||
      rest.find('/', slash + 1) != std::string::npos)
    return std::nullopt;
  return std::pair{rest.substr(0, slash), rest.substr(slash + 1)};
}

std::optional<TransportOp> transport_op(const std::string& frame) {
  if (frame.find("\"ping\"") == std::string::npos &&
      frame.find("\"mqtt.batch\"") == std::string::npos)
    return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(frame, ec);
  if (ec || !v.is_object()) return std::nullopt;
  auto* op = v.as_object().if_contains("op");
  if (!op || (*op != "ping" && *op != "mqtt.batch")) return std::nullopt;
  auto* id = v.as_object().if_contains("id");
  return TransportOp{std::string(op->as_string()), id ? *id : json::value(nullptr)};
}

}  // namespace transport_mqtt
