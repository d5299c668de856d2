// SPDX-License-Identifier: Apache-2.0
// One WebSocket client: the ClientLink the core writes to and the handler the kernel's
// WebSocket layer reads into. Small on purpose: one of these lives per idle connection.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <switchboard/http.hpp>
#include <switchboard/services/messaging.hpp>

namespace transport_websocket {

class Registry;

class WsClient final : public sb::ClientLink, public std::enable_shared_from_this<WsClient> {
 public:
  WsClient(std::shared_ptr<sb::WebSocketConnection> conn, std::string address,
           std::shared_ptr<Registry> registry, bool authenticated)
      : conn_(std::move(conn)),
        registry_(std::move(registry)),
        address_(std::move(address)),
        authenticated_(authenticated) {}

  // I/O thread, from the acceptor, once.
  void attach(std::shared_ptr<sb::ClientSession> session) { session_ = std::move(session); }
  // The handler the kernel owns; it keeps this client alive until the connection closes.
  std::unique_ptr<sb::WebSocketHandler> make_handler();

  // ClientLink: any thread.
  bool send(std::string frame) override;
  void close(std::string_view reason) override;

  void close_with(std::uint16_t code, std::string reason) { conn_->close(code, std::move(reason)); }
  bool authenticated() const { return authenticated_.load(std::memory_order_relaxed); }
  const std::string& address() const { return address_; }

  // I/O thread, from the handler.
  void on_text(std::string_view text);
  void on_binary();
  void on_close();

 private:
  // Until the `auth` reply goes out, replies are read to see it succeed.
  void watch_for_auth(std::string_view frame);

  std::shared_ptr<sb::WebSocketConnection> conn_;
  std::shared_ptr<sb::ClientSession> session_;
  std::shared_ptr<Registry> registry_;
  std::string address_;
  std::atomic<bool> authenticated_;
};

}  // namespace transport_websocket
