// SPDX-License-Identifier: Apache-2.0
// transport-longpoll's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/messaging.hpp>

#include "lp_transport.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "transport-longpoll",
          .version = "1.0.0",
          .kind = "transport",
          .description = "Protocol v1 over HTTP long-poll at /v1/lp (POST requests, GET events).",
          .provides = {},
          .requires_ = {std::string(sb::Messaging::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = transport_longpoll::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, transport_longpoll::LpTransport)
