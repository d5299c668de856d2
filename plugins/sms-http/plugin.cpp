// SPDX-License-Identifier: Apache-2.0
// sms-http's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/sms.hpp>

#include "http_sms.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "sms-http",
          .version = "1.0.0",
          .kind = "sms",
          .description =
              "Sends login codes through an SMS gateway's HTTP API (form-encoded "
              "with basic auth, or JSON with a bearer token).",
          .provides = {std::string(sb::SmsProvider::service_name)},
          .requires_ = {std::string(sb::HttpClient::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = sms_http::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, sms_http::HttpSmsPlugin)
