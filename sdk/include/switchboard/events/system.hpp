// SPDX-License-Identifier: Apache-2.0
// Events about the server itself: start, drain, plugin health. Stable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <switchboard/event.hpp>

namespace sb {

struct ServerStarted {
  static constexpr std::string_view event_name = "server.started";
  static constexpr std::string_view event_doc =
      "Every plugin has started; the server accepts traffic.";
  std::string node{};
  std::string listen{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(ServerStarted, (), (node, listen, ts))

struct ServerDraining {
  static constexpr std::string_view event_name = "server.draining";
  static constexpr std::string_view event_doc =
      "SIGTERM arrived: stop taking work, tell clients to reconnect, flush within deadline_ms.";
  std::string node{};
  std::int64_t deadline_ms = 0;
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(ServerDraining, (), (node, deadline_ms, ts))

struct PluginHealthChanged {
  static constexpr std::string_view event_name = "plugin.health_changed";
  static constexpr std::string_view event_doc =
      "A plugin instance's health changed (ok/degraded/failed).";
  std::string instance{};
  std::string state{};
  std::string reason{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(PluginHealthChanged, (), (instance, state, reason, ts))

}  // namespace sb
