// SPDX-License-Identifier: Apache-2.0
// push-webpush's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "webpush_plugin.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "push-webpush",
          .version = "1.0.0",
          .kind = "push",
          .description =
              "Web Push (RFC 8030) with aes128gcm payload encryption (RFC 8291) and "
              "VAPID (RFC 8292): browsers and UnifiedPush distributors such as ntfy.",
          .provides = {std::string(sb::PushProvider::service_name)},
          .requires_ = {std::string(sb::HttpClient::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = webpush::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, webpush::WebPushPlugin)
