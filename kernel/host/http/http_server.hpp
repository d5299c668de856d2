// SPDX-License-Identifier: Apache-2.0
// The kernel's one HTTP/1.1 + WebSocket server (Boost.Beast on Asio, one io_context per I/O
// thread, TLS optional). Plugins reach it only through the SDK's HttpRouter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <switchboard/http.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

class HttpServer {
 public:
  HttpServer(const ServerSettings& settings, Logger& log, Metrics& metrics);
  ~HttpServer();  // stops everything
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Routes may be added and removed at any time, from any thread.
  HttpRouter& router();
  // Binds settings.listen and starts the I/O threads; returns once listening. Throws
  // std::runtime_error naming the address (or the TLS file) on failure. Call once.
  void start();
  std::uint16_t port() const;

  // Draining, in order: stop accepting, tell WebSocket clients to reconnect, then stop.
  void stop_accepting();
  void close_websockets(std::uint16_t code, std::string reason);
  // Closes every connection (WebSocket handlers get on_close) and joins the I/O threads.
  // Idempotent; responders and connection handles still held by plugins become no-ops.
  void stop();

  std::size_t connection_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::kernel
