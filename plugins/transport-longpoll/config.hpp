// SPDX-License-Identifier: Apache-2.0
// transport-longpoll's typed config: the endpoint, how long a poll waits, how long an unused
// device session lives, and the limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <switchboard/config_schema.hpp>

namespace transport_longpoll {

struct Config {
  std::string path;
  std::chrono::milliseconds poll_wait{};
  std::chrono::milliseconds session_idle{};
  std::chrono::milliseconds reply_timeout{};
  std::size_t max_requests_per_post = 0;
  std::size_t max_buffered_bytes = 0;
  std::size_t max_reply_bytes = 0;

  static sb::ConfigSchema schema() {
    return {
        sb::key_string("path", "/v1/lp", "The long-poll endpoint (GET polls, POST sends)."),
        sb::key_int("poll_wait_ms", 25'000, "How long GET waits for an event before answering []",
                    100, 120'000),
        sb::key_int("session_idle_ms", 60'000,
                    "A device's session ends after this long without a GET or POST "
                    "(what it has not acked stays in its inbox).",
                    1'000, 3'600'000),
        sb::key_int("reply_timeout_ms", 30'000,
                    "A request the core has not answered within this gets `unavailable`.", 100,
                    600'000),
        sb::key_int("max_requests_per_post", 100, "Requests in one POST; more: 413.", 1, 10'000),
        sb::key_int("max_buffered_bytes", 1024 * 1024,
                    "Event bytes held for a device between polls; beyond it the session "
                    "ends (a slow consumer) and the events stay in its inbox.",
                    4096, 256 * 1024 * 1024),
        sb::key_int("max_reply_bytes", 1024 * 1024,
                    "The bytes of sync and history items one POST's answer carries at most, "
                    "shared among its reads (each gets a smaller page and a continuation); "
                    "a reply's first item always goes, so a POST may exceed it by one item "
                    "per read.",
                    16 * 1024, 64 * 1024 * 1024)};
  }
  static Config load(const sb::ConfigView& v) {
    using ms = std::chrono::milliseconds;
    return {v.string("path"),
            ms(v.integer("poll_wait_ms")),
            ms(v.integer("session_idle_ms")),
            ms(v.integer("reply_timeout_ms")),
            static_cast<std::size_t>(v.integer("max_requests_per_post")),
            static_cast<std::size_t>(v.integer("max_buffered_bytes")),
            static_cast<std::size_t>(v.integer("max_reply_bytes"))};
  }
};

}  // namespace transport_longpoll
