// SPDX-License-Identifier: Apache-2.0
// One I/O thread: its io_context, the connections it owns and the one timer that enforces
// all their deadlines (a sweep, so an idle connection owns no timer of its own).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "kernel/host/http/server_core.hpp"

namespace sb::kernel {

namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

// Lets other threads post to an io_context that may already be gone: handles given to
// plugins (responders, WebSocket connections) can outlive the server.
class Poster {
 public:
  explicit Poster(net::io_context& ioc) : ioc_(&ioc) {}
  template <class F>
  bool post(F&& f) {
    std::shared_lock lock(mutex_);
    if (!ioc_) return false;
    net::post(*ioc_, std::forward<F>(f));
    return true;
  }
  void kill() {
    std::unique_lock lock(mutex_);
    ioc_ = nullptr;
  }

 private:
  std::shared_mutex mutex_;
  net::io_context* ioc_;
};

class IoSlot;

// A connection owned by one IoSlot. It stays registered (and alive) until it finishes or
// the server stops, even when no operation is pending (a parked long-poll request).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(IoSlot& slot);
  virtual ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The sweep calls this once the deadline has passed.
  virtual void on_deadline(Clock::time_point now) = 0;
  // Server stop: close the socket and untrack.
  virtual void abort() = 0;
  // Drain: only WebSocket sessions act on it.
  virtual void close_websocket(std::uint16_t /*code*/, const std::string& /*reason*/) {}

 protected:
  void track();
  // Drops the slot's reference; the caller must hold its own if it still uses `this`.
  void untrack();
  void set_deadline(Clock::time_point t) { deadline_ = t; }
  void clear_deadline() { deadline_ = Clock::time_point::max(); }
  IoSlot& slot_;

 private:
  friend class IoSlot;
  Connection* prev_ = nullptr;
  Connection* next_ = nullptr;
  Clock::time_point deadline_ = Clock::time_point::max();
  std::shared_ptr<Connection> self_;
};

class IoSlot {
 public:
  IoSlot(ServerCore& core, Clock::duration tick);
  ~IoSlot();
  void start();  // starts the thread
  // Closes every connection, lets their handlers finish and joins the thread.
  void shutdown();
  void close_websockets(std::uint16_t code, const std::string& reason);

  ServerCore& core;
  net::io_context& ioc() { return ioc_; }
  const std::shared_ptr<Poster>& poster() const { return poster_; }

 private:
  friend class Connection;
  void link(Connection* c);
  void unlink(Connection* c);
  void arm_sweep();
  void sweep();

  Connection* head_ = nullptr;  // declared before ioc_: sessions unlink while it is destroyed
  std::vector<std::shared_ptr<Connection>> due_;
  Clock::duration tick_;
  bool stopping_ = false;
  net::io_context ioc_{1};
  net::steady_timer sweep_timer_{ioc_};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::shared_ptr<Poster> poster_;
  std::thread thread_;
};

}  // namespace sb::kernel
