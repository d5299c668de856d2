// SPDX-License-Identifier: Apache-2.0
// push-fcm's typed config: the service account, where tokens and sends go, what a push carries.
#pragma once

#include <cstdint>
#include <string>

#include <switchboard/config_schema.hpp>

namespace push_fcm {

struct Config {
  std::string service_account_file;
  std::string send_endpoint;
  std::string token_uri;
  bool sender_name = false;
  std::int64_t timeout_ms = 10000;
  std::string ca_file;

  static sb::ConfigSchema schema() {
    return {
        sb::key_required("service_account_file", sb::ConfigType::string,
                         "The Firebase project's service-account key (JSON, from the Firebase "
                         "console: Project settings, Service accounts, Generate new private key)."),
        sb::key_string("send_endpoint", "https://fcm.googleapis.com",
                       "Base URL of the FCM v1 API; messages go to "
                       "<send_endpoint>/v1/projects/<project_id>/messages:send."),
        sb::key_string("token_uri", "",
                       "OAuth 2.0 token endpoint; empty: the service account's token_uri."),
        sb::key_bool("sender_name", false,
                     "Add the sender's display name to each push (data.sender_name)."),
        sb::key_int("timeout_ms", 10000, "Bound on one request, connect included.", 100, 60000),
        sb::key_string("ca_file", "",
                       "PEM bundle to trust instead of the system store (test stubs)."),
    };
  }
  static Config load(const sb::ConfigView& v) {
    return {v.string("service_account_file"), v.string("send_endpoint"), v.string("token_uri"),
            v.boolean("sender_name"),         v.integer("timeout_ms"),   v.string("ca_file")};
  }
};

}  // namespace push_fcm
