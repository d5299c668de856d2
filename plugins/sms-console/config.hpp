// SPDX-License-Identifier: Apache-2.0
// sms-console's config: it has no keys; the schema is empty so that any key is refused.
#pragma once

#include <switchboard/config_schema.hpp>

namespace sms_console {

struct Config {
  static sb::ConfigSchema schema() { return {}; }
  static Config load(const sb::ConfigView&) { return {}; }
};

}  // namespace sms_console
