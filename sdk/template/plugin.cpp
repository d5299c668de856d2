// SPDX-License-Identifier: Apache-2.0
// The hello plugin's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>

#include "greeter.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "hello",
          .version = "1.0.0",
          .kind = "example",
          .description = "Answers GET /hello and counts server.started events.",
          .provides = {},
          .requires_ = {},
          .consumes = {"server.started"},
          .intercepts = {},
          .publishes = {},
          .schema = hello::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, hello::Greeter)
