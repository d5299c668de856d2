// SPDX-License-Identifier: Apache-2.0
// push-apns's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "apns_provider.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "push-apns",
          .version = "1.0.0",
          .kind = "push",
          .description =
              "Push to iOS apps through Apple's HTTP/2 provider API with token "
              "(ES256 .p8 key) authentication.",
          .provides = {std::string(sb::PushProvider::service_name)},
          .requires_ = {std::string(sb::HttpClient::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = push_apns::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, push_apns::ApnsPlugin)
