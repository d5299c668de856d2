// SPDX-License-Identifier: Apache-2.0
// push-webhook's typed config: where the POST goes, the signing secret, and what it carries.
#pragma once

#include <cstdint>
#include <string>

#include <switchboard/config_schema.hpp>

namespace push_webhook {

struct Config {
  std::string url;
  std::string secret;
  bool sender_name = false;
  std::int64_t timeout_ms = 10000;
  std::string ca_file;

  static sb::ConfigSchema schema() {
    auto secret_key = sb::key_required(
        "secret", sb::ConfigType::string,
        "Shared secret for the HMAC-SHA256 signature (X-Switchboard-Signature); at least 16 "
        "bytes.");
    secret_key.min = 16;
    return {
        sb::key_required("url", sb::ConfigType::string,
                         "Where each push is POSTed: an http:// or https:// URL."),
        sb::secret(std::move(secret_key)),
        sb::key_bool("sender_name", false,
                     "Add the sender's display name to each push (\"sender_name\")."),
        sb::key_int("timeout_ms", 10000, "Bound on one POST, connect included.", 100, 60000),
        sb::key_string("ca_file", "",
                       "PEM bundle to trust instead of the system store (a private relay)."),
    };
  }
  static Config load(const sb::ConfigView& v) {
    return {v.string("url"), v.string("secret"), v.boolean("sender_name"), v.integer("timeout_ms"),
            v.string("ca_file")};
  }
};

}  // namespace push_webhook
