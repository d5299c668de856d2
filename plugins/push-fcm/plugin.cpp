// SPDX-License-Identifier: Apache-2.0
// push-fcm's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "fcm_provider.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "push-fcm",
          .version = "1.0.0",
          .kind = "push",
          .description =
              "Push to Android (and iOS) apps through Firebase Cloud Messaging HTTP "
              "v1 with a service-account key.",
          .provides = {std::string(sb::PushProvider::service_name)},
          .requires_ = {std::string(sb::HttpClient::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = push_fcm::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, push_fcm::FcmPlugin)
