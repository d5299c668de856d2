// SPDX-License-Identifier: Apache-2.0
// ui-webapp's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>

#include "webapp_plugin.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "ui-webapp",
          .version = "1.0.0",
          .kind = "ui",
          .description =
              "Serves the web chat client (webapp/, built by Vite) at /app: phone "
              "login, chats, groups, media, status and E2EE in the browser.",
          .provides = {},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = ui_webapp::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, ui_webapp::WebappPlugin)
