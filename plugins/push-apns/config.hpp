// SPDX-License-Identifier: Apache-2.0
// push-apns's typed config: the signing key, the app, the host, and the generic alert text.
#pragma once

#include <cstdint>
#include <string>

#include <switchboard/config_schema.hpp>

namespace push_apns {

struct Config {
  std::string key_file;
  std::string key_id;
  std::string team_id;
  std::string topic;
  std::string host;
  std::string alert_title;
  std::string alert_body;
  std::string sound;
  bool sender_name = false;
  std::int64_t token_refresh_s = 3000;
  std::int64_t timeout_ms = 10000;
  std::string ca_file;

  static sb::ConfigSchema schema() {
    auto key_id = sb::key_required("key_id", sb::ConfigType::string,
                                   "The key's 10-character Key ID (Apple Developer: Keys).");
    key_id.min = key_id.max = 10;
    auto team_id = sb::key_required("team_id", sb::ConfigType::string,
                                    "The 10-character Team ID of the developer account.");
    team_id.min = team_id.max = 10;
    return {
        sb::key_required("key_file", sb::ConfigType::string,
                         "The APNs authentication key (.p8, PEM PKCS#8, P-256) from Apple "
                         "Developer: Certificates, Identifiers & Profiles, Keys."),
        std::move(key_id),
        std::move(team_id),
        sb::key_required("topic", sb::ConfigType::string,
                         "apns-topic: the app's bundle id (e.g. org.example.chat)."),
        sb::key_string("host", "api.push.apple.com",
                       "APNs host[:port]: api.push.apple.com (production), "
                       "api.sandbox.push.apple.com (development builds), or a test stub."),
        sb::key_string("alert_title", "Switchboard", "The alert's title (generic: no content)."),
        sb::key_string("alert_body", "New message", "The alert's text (generic: no content)."),
        sb::key_string("sound", "default", "aps.sound; empty: silent alerts."),
        sb::key_bool("sender_name", false,
                     "Use the sender's display name as the alert's title when known."),
        sb::key_int("token_refresh_s", 3000,
                    "Seconds a provider token (JWT) is reused; Apple accepts one for an hour "
                    "and refuses new ones more often than every 20 minutes.",
                    1200, 3500),
        sb::key_int("timeout_ms", 10000, "Bound on one request, connect included.", 100, 60000),
        sb::key_string("ca_file", "",
                       "PEM bundle to trust instead of the system store (test stubs)."),
    };
  }
  static Config load(const sb::ConfigView& v) {
    return {v.string("key_file"),     v.string("key_id"),
            v.string("team_id"),      v.string("topic"),
            v.string("host"),         v.string("alert_title"),
            v.string("alert_body"),   v.string("sound"),
            v.boolean("sender_name"), v.integer("token_refresh_s"),
            v.integer("timeout_ms"),  v.string("ca_file")};
  }
};

}  // namespace push_apns
