// SPDX-License-Identifier: Apache-2.0
// push-webhook's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "webhook_provider.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "push-webhook",
          .version = "1.0.0",
          .kind = "push",
          .description =
              "Push as a signed JSON POST (HMAC-SHA256) to a relay or UnifiedPush "
              "gateway.",
          .provides = {std::string(sb::PushProvider::service_name)},
          .requires_ = {std::string(sb::HttpClient::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = push_webhook::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, push_webhook::WebhookPlugin)
