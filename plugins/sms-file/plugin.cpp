// SPDX-License-Identifier: Apache-2.0
// sms-file's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>

#include "file_sms.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "sms-file",
          .version = "1.0.0",
          .kind = "sms",
          .description = "Appends login codes as JSON lines {phone, code, ts} to a file.",
          .provides = {std::string(sb::SmsProvider::service_name)},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = sms_file::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, sms_file::FileSmsPlugin)
