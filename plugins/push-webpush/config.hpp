// SPDX-License-Identifier: Apache-2.0
// push-webpush's typed config: the VAPID identity (contact, key), what a push may carry, and
// how the push services are reached.
#pragma once

#include <cstdint>
#include <string>

#include <switchboard/config_schema.hpp>

namespace webpush {

struct Config {
  std::string subject;
  std::string private_key_file;
  bool sender_name = false;
  bool allow_private_endpoints = false;
  std::string ca_file;
  std::int64_t timeout_ms = 10000;
  std::string vapid_path;
  std::int64_t degraded_after = 5;

  static sb::ConfigSchema schema() {
    return {
        sb::key_required("subject", sb::ConfigType::string,
                         "VAPID contact the push services can reach the operator at: a mailto: "
                         "address or an https: URL (RFC 8292 'sub' claim)."),
        sb::key_string("private_key_file", "",
                       "PEM file with the VAPID P-256 private key; empty: <data_dir>/vapid.pem, "
                       "generated (mode 0600) on first start and reused after. Changing the "
                       "key invalidates every browser subscription."),
        sb::key_bool("sender_name", false,
                     "Let pushes carry the sender's display name (otherwise only the chat, a "
                     "count and a timestamp). Never the message text."),
        sb::key_bool("allow_private_endpoints", false,
                     "Accept endpoints on loopback, private, link-local and unique-local "
                     "addresses (a self-hosted ntfy on the LAN, tests). Off: such endpoints are "
                     "refused, so user input cannot reach the server's own network."),
        sb::key_string("ca_file", "",
                       "PEM bundle to trust for push services instead of the system store (a "
                       "private ntfy's certificate, test stubs)."),
        sb::key_int("timeout_ms", 10000, "Time limit of one push request, connect included.", 100,
                    120000),
        sb::key_string("vapid_path", "/v1/push/vapid",
                       "Unauthenticated GET route answering {\"vapid_public_key\": ...} so "
                       "browsers can subscribe before logging in; empty: no route."),
        sb::key_int("degraded_after", 5,
                    "Consecutive failed pushes (no answer, 5xx, 429, refused) after which the "
                    "instance reports itself degraded; one success clears it.",
                    1, 1000000),
    };
  }
  static Config load(const sb::ConfigView& v) {
    return {v.string("subject"),      v.string("private_key_file"),
            v.boolean("sender_name"), v.boolean("allow_private_endpoints"),
            v.string("ca_file"),      v.integer("timeout_ms"),
            v.string("vapid_path"),   v.integer("degraded_after")};
  }
};

}  // namespace webpush
