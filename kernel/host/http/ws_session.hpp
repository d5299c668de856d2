// SPDX-License-Identifier: Apache-2.0
// One WebSocket connection after the upgrade: a read loop that feeds the plugin's handler,
// a write queue (one async_write at a time), server pings and the idle and close deadlines.
// A template over the stream so plain and TLS share it.
#pragma once

#include <algorithm>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "kernel/host/http/messages.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/http/ws_connection.hpp"

namespace sb::kernel {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

template <class Stream>
class WsSession final : public WsSessionBase {
 public:
  WsSession(IoSlot& slot, Stream&& stream, std::shared_ptr<WsConnectionHandle> handle,
            std::shared_ptr<const WebSocketEndpoint> endpoint,
            std::unique_ptr<WebSocketHandler> handler)
      : WsSessionBase(slot),
        ws_(std::move(stream)),
        handle_(std::move(handle)),
        endpoint_(std::move(endpoint)),
        handler_(std::move(handler)) {}

  void start(BeastRequest&& request) {
    track();
    handle_->attach(std::static_pointer_cast<WsSession>(shared_from_this()));
    ws_.read_message_max(endpoint_->options.max_message_bytes);
    ws_.auto_fragment(false);
    ws_.write_buffer_bytes(512);  // only used for compression and client masking, never here
    ws_.control_callback([this](websocket::frame_type, beast::string_view) {
      last_rx_ = Clock::now();  // pongs count as life
    });
    set_deadline(Clock::now() + slot_.core.settings.header_timeout);
    ws_.async_accept(request, [self = shared()](beast::error_code ec) { self->on_accept(ec); });
  }

  void enqueue(std::string text) override {
    if (state_ == State::finished || state_ == State::closing) {
      handle_->written(text.size());
      return;
    }
    queue_.push_back(std::move(text));
    if (state_ == State::open && !writing_) write_next();
  }

  void request_close(std::uint16_t code, std::string reason) override {
    request_close(code, std::move(reason), kCloseGrace);
  }

  // `grace` bounds the close handshake: a peer that does not answer is cut off after it.
  void request_close(std::uint16_t code, std::string reason, Clock::duration grace) {
    if (state_ == State::finished || state_ == State::closing) return;
    bool accepted = state_ == State::open;
    state_ = State::closing;
    handle_->mark_closed();
    close_code_ = sendable_close_code(code);
    close_reason_ = std::make_unique<std::string>(clip_close_reason(std::move(reason)));
    set_deadline(Clock::now() + grace);
    // A slow consumer gets no more of its backlog; anyone else gets what was queued first.
    if (close_code_ == 1008) {
      queue_.clear();
      head_ = 0;
    }
    if (accepted && !writing_ && head_ == queue_.size()) begin_close();
  }

  void close_websocket(std::uint16_t code, const std::string& reason) override {
    request_close(code, reason);
  }

  void on_deadline(Clock::time_point now) override {
    if (state_ != State::open) return close_socket();  // handshake or close took too long
    const auto& opt = endpoint_->options;
    if (opt.idle_timeout.count() > 0 && now >= last_rx_ + opt.idle_timeout)
      // The peer is probably gone: do not wait long for its half of the close handshake.
      return request_close(1001, "idle timeout",
                           std::min<Clock::duration>(kCloseGrace, opt.idle_timeout / 4));
    if (opt.ping_interval.count() > 0 && now >= last_ping_ + opt.ping_interval && !pinging_) {
      pinging_ = true;
      last_ping_ = now;
      ws_.async_ping({}, [self = shared()](beast::error_code) { self->pinging_ = false; });
    }
    schedule();
  }

  void abort() override {
    auto keep = shared();
    close_socket();
    untrack();
  }

 private:
  static constexpr auto kCloseGrace = std::chrono::seconds(3);
  static constexpr std::size_t kIdleReadBytes = 64;
  static constexpr std::size_t kKeptBufferBytes = 512;
  enum class State : std::uint8_t { handshake, open, closing, finished };

  std::shared_ptr<WsSession> shared() {
    return std::static_pointer_cast<WsSession>(shared_from_this());
  }

  void on_accept(beast::error_code ec) {
    if (ec) return finish(1006, "handshake failed");
    accepted_ = true;
    slot_.core.ws_connections.add(1);
    last_rx_ = last_ping_ = Clock::now();
    read();
    if (state_ == State::closing) {  // closed during the handshake: flush, then close
      if (head_ < queue_.size())
        write_next();
      else
        begin_close();
      return;
    }
    state_ = State::open;
    schedule();
    if (head_ < queue_.size()) write_next();
  }

  void schedule() {
    const auto& opt = endpoint_->options;
    auto next = Clock::time_point::max();
    if (opt.idle_timeout.count() > 0) next = std::min(next, last_rx_ + opt.idle_timeout);
    if (opt.ping_interval.count() > 0) next = std::min(next, last_ping_ + opt.ping_interval);
    set_deadline(next);
  }

  void read() {
    // A small first read keeps an idle connection's buffer small; once a message arrives,
    // Beast reads with its usual sizes.
    ws_.async_read_some(
        buffer_, buffer_.size() == 0 ? kIdleReadBytes : 0,
        [self = shared()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    last_rx_ = Clock::now();
    if (state_ == State::open) schedule();
    if (!ws_.is_message_done()) return read();
    auto data = buffer_.cdata();
    std::string_view message(static_cast<const char*>(data.data()), data.size());
    if (state_ == State::open && handler_) {
      try {
        if (ws_.got_text())
          handler_->on_text(message);
        else
          handler_->on_binary(message);
      } catch (const std::exception& e) {
        slot_.core.log.error("websocket handler threw", {{"what", e.what()}});
        request_close(1011, "internal error");
      }
    }
    buffer_.consume(buffer_.size());
    if (buffer_.capacity() > kKeptBufferBytes) buffer_.shrink_to_fit();
    read();
  }

  void on_read_error(beast::error_code ec) {
    if (state_ == State::closing) return finish(close_code_, std::string(closing_reason()));
    if (ec == websocket::error::closed) {
      auto cr = ws_.reason();
      return finish(cr.code == websocket::close_code::none ? 1005 : cr.code,
                    std::string(cr.reason.data(), cr.reason.size()));
    }
    if (ec == websocket::error::message_too_big) return finish(1009, "message too big");
    if (ec == websocket::error::bad_frame_payload) return finish(1007, "invalid payload");
    if (ec == websocket::condition::protocol_violation) return finish(1002, ec.message());
    finish(1006, ec.message());
  }

  void write_next() {
    if (head_ == queue_.size()) {
      queue_.clear();
      head_ = 0;
      if (queue_.capacity() > 8) queue_.shrink_to_fit();
      if (state_ == State::closing && !close_sent_) begin_close();
      return;
    }
    // Moved out of the vector: growing the queue must not move the bytes being written.
    writing_buf_ = std::move(queue_[head_++]);
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(writing_buf_),
                    [self = shared()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    handle_->written(writing_buf_.size());
    std::string().swap(writing_buf_);
    if (ec) return close_socket();  // the read loop reports the close
    if (state_ == State::open || state_ == State::closing) write_next();
  }

  void begin_close() {
    if (close_sent_) return;
    close_sent_ = true;
    websocket::close_reason cr(static_cast<websocket::close_code>(close_code_), closing_reason());
    ws_.async_close(cr, [self = shared()](beast::error_code ec) {
      if (ec) self->close_socket();
    });
  }

  void finish(std::uint16_t code, std::string reason) {
    if (state_ == State::finished) return;
    state_ = State::finished;
    handle_->mark_closed();
    if (accepted_) slot_.core.ws_connections.add(-1);
    if (auto h = std::move(handler_)) {
      try {
        h->on_close(code, reason);
      } catch (const std::exception& e) {
        slot_.core.log.error("websocket on_close threw", {{"what", e.what()}});
      }
    }
    queue_.clear();
    clear_deadline();
    close_socket();
    untrack();
  }

  std::string_view closing_reason() const {
    return close_reason_ ? std::string_view(*close_reason_) : std::string_view();
  }

  void close_socket() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).close(ignored);
  }

  websocket::stream<Stream, false> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<WsConnectionHandle> handle_;
  std::shared_ptr<const WebSocketEndpoint> endpoint_;
  std::unique_ptr<WebSocketHandler> handler_;
  std::vector<std::string> queue_;
  std::size_t head_ = 0;
  std::string writing_buf_;
  // Only a closing connection has a reason: a pointer keeps idle sessions 24 bytes smaller.
  std::unique_ptr<std::string> close_reason_;
  Clock::time_point last_rx_{};
  Clock::time_point last_ping_{};
  std::uint16_t close_code_ = 0;
  State state_ = State::handshake;
  bool accepted_ = false;
  bool writing_ = false;
  bool pinging_ = false;
  bool close_sent_ = false;
};

}  // namespace sb::kernel
