// SPDX-License-Identifier: Apache-2.0
// The echo-core test plugin's manifest and registration.
#include <switchboard/plugin.hpp>
#include <switchboard/services/messaging.hpp>

#include "echo_core.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "echo-core",
          .version = "1.0.0",
          .kind = "test",
          .description = "A stand-in messaging core for transport tests.",
          .provides = {std::string(sb::Messaging::service_name)},
          .requires_ = {},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = echo_core::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, echo_core::EchoCorePlugin)
