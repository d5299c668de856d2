// SPDX-License-Identifier: Apache-2.0
// media-layer's typed config: limits, quota, link lifetime, retention.
#pragma once

#include <cstdint>

#include <switchboard/config_schema.hpp>

namespace media_layer {

struct Config {
  std::int64_t max_file_bytes = 0;
  std::int64_t quota_bytes = 0;
  std::int64_t url_ttl_seconds = 0;
  std::int64_t retention_seconds = 0;
  std::int64_t message_hold_days = 0;
  std::int64_t upload_idle_seconds = 0;
  std::int64_t sweep_interval_seconds = 0;

  static sb::ConfigSchema schema() {
    constexpr std::int64_t kMiB = 1024 * 1024;
    return {
        sb::key_int("max_file_bytes", 100 * kMiB, "Largest upload, in bytes (413 beyond)", 1,
                    std::int64_t{1} << 40),
        sb::key_int("quota_bytes", 2048 * kMiB,
                    "Bytes of media one user may keep stored (507 beyond)", 1,
                    std::int64_t{1} << 50),
        sb::key_int("url_ttl_seconds", 300, "How long a signed download link works", 1, 86400),
        sb::key_int("retention_seconds", 30 * 86400,
                    "Media nobody holds (no message, status or profile) is deleted after this "
                    "many seconds (30 days)",
                    0, std::int64_t{100} * 365 * 86400),
        sb::key_int("message_hold_days", 0,
                    "A message's hold on its media lapses after this many days (match the "
                    "message retention); 0: never",
                    0, 36500),
        sb::key_int("upload_idle_seconds", 3600,
                    "A resumable upload not continued for this long is dropped", 10, 7 * 86400),
        sb::key_int("sweep_interval_seconds", 600, "How often retention runs", 1, 86400),
    };
  }
  static Config load(const sb::ConfigView& v) {
    return {v.integer("max_file_bytes"),        v.integer("quota_bytes"),
            v.integer("url_ttl_seconds"),       v.integer("retention_seconds"),
            v.integer("message_hold_days"),     v.integer("upload_idle_seconds"),
            v.integer("sweep_interval_seconds")};
  }
};

}  // namespace media_layer
