// SPDX-License-Identifier: Apache-2.0
// See ws_transport.hpp.
#include "ws_transport.hpp"

#include <algorithm>

#include "close_codes.hpp"
#include "ws_client.hpp"

namespace transport_websocket {

void WsTransport::start(const Config& config, sb::Context& ctx) {
  messaging_ = ctx.services().get<sb::Messaging>();
  if (!messaging_) throw std::runtime_error("no messaging service");
  registry_ = std::make_shared<Registry>(config.max_connections_per_address);
  log_ = &ctx.log();
  refused_ = &ctx.metrics().counter("sb_ws_upgrades_refused_total",
                                    "WebSocket upgrades refused (bad token, address limit).");
  sb::WebSocketOptions options;
  options.max_message_bytes = config.max_message_bytes;
  options.max_send_queue_bytes = config.max_send_queue_bytes;
  options.ping_interval = config.ping_interval;
  options.idle_timeout = config.idle_timeout;
  endpoint_ = ctx.http().websocket(
      config.path, options,
      [this](const sb::HttpRequest& req, std::shared_ptr<sb::WebSocketConnection> conn) {
        return accept(req, std::move(conn));
      });
  auto period = std::clamp(config.auth_timeout / 5, std::chrono::milliseconds(20),
                           std::chrono::milliseconds(1000));
  sweep_ = ctx.scheduler().every(
      period, [registry = registry_] { registry->expire_auth(Registry::Clock::now()); });
  ctx.log().info("websocket transport listening", {{"path", config.path}});
}

sb::WebSocketAccept WsTransport::accept(const sb::HttpRequest& req,
                                        std::shared_ptr<sb::WebSocketConnection> conn) {
  std::string address = AddressLimit::address_of(req.remote_address);
  if (!registry_->limits().acquire(address)) {
    refused_->inc();
    return {nullptr,
            sb::HttpResponse::error(429, "rate_limited", "too many connections from this address")};
  }
  auto bearer = req.bearer_token();
  if (bearer && !messaging_->check_token(*bearer)) {
    registry_->limits().release(address);
    refused_->inc();
    return {nullptr, sb::HttpResponse::error(401, "unauthorized", "invalid or expired token")};
  }
  auto client = std::make_shared<WsClient>(conn, address, registry_, bearer.has_value());
  std::shared_ptr<sb::ClientSession> session;
  try {
    session = messaging_->open(
        client, {"websocket", req.remote_address, bearer ? std::string(*bearer) : "", {}});
  } catch (const std::exception& e) {
    registry_->limits().release(address);
    log_->error("messaging refused a session", {{"what", e.what()}});
    return {nullptr, sb::HttpResponse::error(503, "unavailable", "try again later")};
  }
  client->attach(std::move(session));
  registry_->add(client, !bearer, Registry::Clock::now() + config().auth_timeout);
  return {client->make_handler(), {}};
}

void WsTransport::drain() {
  if (registry_) registry_->close_all(close_code::restart, "shutdown");
}

void WsTransport::stop() {
  sweep_.reset();
  endpoint_.reset();
  if (registry_) registry_->close_all(close_code::restart, "shutdown");
}

}  // namespace transport_websocket
