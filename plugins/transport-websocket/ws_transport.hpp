// SPDX-License-Identifier: Apache-2.0
// The transport-websocket plugin: registers the endpoint, decides each upgrade (address
// limit, Bearer token) and opens one core session per accepted connection.
#pragma once

#include <memory>

#include <switchboard/plugin.hpp>
#include <switchboard/services/messaging.hpp>

#include "config.hpp"
#include "registry.hpp"

namespace transport_websocket {

class WsTransport final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
  void drain() override;
  void stop() override;

 private:
  sb::WebSocketAccept accept(const sb::HttpRequest& request,
                             std::shared_ptr<sb::WebSocketConnection> conn);

  std::shared_ptr<sb::Messaging> messaging_;
  std::shared_ptr<Registry> registry_;
  sb::Logger* log_ = nullptr;
  sb::Counter* refused_ = nullptr;
  sb::Subscription endpoint_, sweep_;
};

}  // namespace transport_websocket
