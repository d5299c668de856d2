// SPDX-License-Identifier: Apache-2.0
// The WebSocketConnection handed to a plugin: a small thread-safe handle that posts to the
// session's I/O thread. It holds the session weakly, so a plugin keeping it keeps no socket.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <switchboard/http.hpp>

#include "kernel/host/http/io_slot.hpp"

namespace sb::kernel {

// The I/O-thread side of a WebSocket session, as the handle drives it.
class WsSessionBase : public Connection {
 public:
  using Connection::Connection;
  virtual void enqueue(std::string text) = 0;
  virtual void request_close(std::uint16_t code, std::string reason) = 0;
};

class WsConnectionHandle final : public WebSocketConnection,
                                 public std::enable_shared_from_this<WsConnectionHandle> {
 public:
  WsConnectionHandle(std::shared_ptr<Poster> poster, std::string remote, std::size_t max_queue)
      : poster_(std::move(poster)), remote_(std::move(remote)), max_queue_(max_queue) {}

  bool send_text(std::string text) override;
  void close(std::uint16_t code, std::string reason) override;
  std::string remote_address() const override { return remote_; }
  std::size_t queued_bytes() const override { return queued_.load(std::memory_order_relaxed); }

  // I/O thread only.
  void attach(std::weak_ptr<WsSessionBase> session) { session_ = std::move(session); }
  void written(std::size_t bytes) { queued_.fetch_sub(bytes, std::memory_order_relaxed); }
  void mark_closed() { closed_.store(true); }

 private:
  std::shared_ptr<Poster> poster_;
  std::weak_ptr<WsSessionBase> session_;  // set before any posted call runs
  std::string remote_;
  std::size_t max_queue_;
  std::atomic<std::size_t> queued_{0};
  std::atomic<bool> closed_{false};
};

// Close codes a server may put on the wire; others become 1011 (internal error).
std::uint16_t sendable_close_code(std::uint16_t code);
// Close reasons are limited to 123 bytes; cut on a UTF-8 character boundary.
std::string clip_close_reason(std::string reason);

}  // namespace sb::kernel
