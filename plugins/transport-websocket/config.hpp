// SPDX-License-Identifier: Apache-2.0
// transport-websocket's typed config: the endpoint, its limits and its timers.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <switchboard/config_schema.hpp>

namespace transport_websocket {

struct Config {
  std::string path;
  std::size_t max_message_bytes = 0;
  std::size_t max_send_queue_bytes = 0;
  std::chrono::milliseconds ping_interval{};
  std::chrono::milliseconds idle_timeout{};
  std::chrono::milliseconds auth_timeout{};
  std::size_t max_connections_per_address = 0;

  static sb::ConfigSchema schema() {
    return {
        sb::key_string("path", "/v1/ws", "The WebSocket endpoint."),
        sb::key_int("max_message_bytes", 64 * 1024,
                    "Largest frame a client may send; larger closes with 1009.", 1024,
                    16 * 1024 * 1024),
        sb::key_int("max_send_queue_bytes", 1024 * 1024,
                    "Bytes queued for one client before it is closed as a slow consumer (1008).",
                    4096, 256 * 1024 * 1024),
        sb::key_int("ping_interval_ms", 30'000, "Server ping every this long; 0: none.", 0,
                    3'600'000),
        sb::key_int("idle_timeout_ms", 90'000,
                    "Close a connection that sent nothing (pongs included) this long; 0: never.", 0,
                    86'400'000),
        sb::key_int("auth_timeout_ms", 10'000,
                    "Without a Bearer header, the `auth` frame must succeed within this (4002).",
                    100, 600'000),
        sb::key_int("max_connections_per_address", 256,
                    "Open connections from one IP address; beyond it the upgrade gets 429. "
                    "0: no limit.",
                    0, 1'000'000)};
  }
  static Config load(const sb::ConfigView& v) {
    using ms = std::chrono::milliseconds;
    return {v.string("path"),
            static_cast<std::size_t>(v.integer("max_message_bytes")),
            static_cast<std::size_t>(v.integer("max_send_queue_bytes")),
            ms(v.integer("ping_interval_ms")),
            ms(v.integer("idle_timeout_ms")),
            ms(v.integer("auth_timeout_ms")),
            static_cast<std::size_t>(v.integer("max_connections_per_address"))};
  }
};

}  // namespace transport_websocket
