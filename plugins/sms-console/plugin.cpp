// SPDX-License-Identifier: Apache-2.0
// sms-console's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>

#include "console_sms.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "sms-console",
          .version = "1.0.0",
          .kind = "sms",
          .description = "Prints login codes as \"OTP <phone> <code>\" on standard output.",
          .provides = {std::string(sb::SmsProvider::service_name)},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = sms_console::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, sms_console::ConsoleSmsPlugin)
