// SPDX-License-Identifier: Apache-2.0
// transport-websocket's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/messaging.hpp>

#include "ws_transport.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "transport-websocket",
          .version = "1.0.0",
          .kind = "transport",
          .description = "Protocol v1 over WebSocket (RFC 6455) at /v1/ws.",
          .provides = {},
          .requires_ = {std::string(sb::Messaging::service_name)},
          .consumes = {},
          .intercepts = {},
          .publishes = {},
          .schema = transport_websocket::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, transport_websocket::WsTransport)
