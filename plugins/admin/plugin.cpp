// SPDX-License-Identifier: Apache-2.0
// The admin plugin's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/admin_accounts.hpp>
#include <switchboard/services/admin_audit.hpp>

#include "admin_plugin.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "admin",
          .version = "1.0.0",
          .kind = "admin",
          .description =
              "The admin REST API under /v1/admin (sessions, CSRF, API tokens, roles, audit "
              "log) and the built admin UI at /admin.",
          .provides = {std::string(sb::AdminAccounts::service_name),
                       std::string(sb::AdminAudit::service_name)},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = sb::admin::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, sb::admin::AdminPlugin)
