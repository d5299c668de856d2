// SPDX-License-Identifier: Apache-2.0
// The per-thread connection list and its deadline sweep.
#include "kernel/host/http/io_slot.hpp"

#include <exception>

namespace sb::kernel {

Connection::Connection(IoSlot& slot) : slot_(slot) {
  slot_.core.connections.fetch_add(1, std::memory_order_relaxed);
  slot_.core.http_connections.add(1);
}

Connection::~Connection() {
  if (prev_ || slot_.head_ == this) slot_.unlink(this);
  slot_.core.connections.fetch_sub(1, std::memory_order_relaxed);
  slot_.core.http_connections.add(-1);
}

void Connection::track() {
  if (self_) return;
  self_ = shared_from_this();
  slot_.link(this);
}

void Connection::untrack() {
  if (!self_) return;
  slot_.unlink(this);
  auto last = std::move(self_);
}

IoSlot::IoSlot(ServerCore& c, Clock::duration tick)
    : core(c), tick_(tick), poster_(std::make_shared<Poster>(ioc_)) {}

IoSlot::~IoSlot() {
  shutdown();
  poster_->kill();
}

void IoSlot::start() {
  work_.emplace(ioc_.get_executor());
  arm_sweep();
  thread_ = std::thread([this] {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        // A handler that throws must not take the whole server down.
        core.log.error("http io thread caught an exception", {{"what", e.what()}});
      }
    }
  });
}

void IoSlot::shutdown() {
  if (!thread_.joinable()) return;
  net::post(ioc_, [this] {
    stopping_ = true;
    sweep_timer_.cancel();
    while (head_) {
      auto keep = head_->shared_from_this();
      keep->abort();
      if (head_ == keep.get()) {  // abort must untrack; be sure the loop ends
        unlink(keep.get());
        keep->self_.reset();
      }
    }
    work_.reset();
  });
  thread_.join();
  poster_->kill();
}

void IoSlot::close_websockets(std::uint16_t code, const std::string& reason) {
  net::post(ioc_, [this, code, reason] {
    for (Connection* c = head_; c;) {
      auto keep = c->shared_from_this();
      c = c->next_;
      keep->close_websocket(code, reason);
    }
  });
}

void IoSlot::link(Connection* c) {
  c->prev_ = nullptr;
  c->next_ = head_;
  if (head_) head_->prev_ = c;
  head_ = c;
}

void IoSlot::unlink(Connection* c) {
  if (c->prev_)
    c->prev_->next_ = c->next_;
  else if (head_ == c)
    head_ = c->next_;
  if (c->next_) c->next_->prev_ = c->prev_;
  c->prev_ = c->next_ = nullptr;
}

void IoSlot::arm_sweep() {
  sweep_timer_.expires_after(tick_);
  sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    sweep();
    arm_sweep();
  });
}

void IoSlot::sweep() {
  auto now = Clock::now();
  for (Connection* c = head_; c; c = c->next_)
    if (c->deadline_ <= now) due_.push_back(c->shared_from_this());
  for (auto& c : due_) {
    if (c->deadline_ > now) continue;
    c->clear_deadline();
    c->on_deadline(now);
  }
  due_.clear();
}

}  // namespace sb::kernel
