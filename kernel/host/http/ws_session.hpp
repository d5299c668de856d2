// SPDX-License-Identifier: Apache-2.0
// One WebSocket connection after the upgrade, with our own RFC 6455 framing on Asio: a read
// loop that feeds the frame parser and the plugin's handler, a write queue sent in batches
// (one gather write at a time), server pings, the close handshake and the idle and close
// deadlines. A template over the stream so plain and TLS share it. An idle plain connection
// holds no buffer and no pending read: only an async_wait for readability.
#pragma once

#include <algorithm>
#include <array>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>

#include "kernel/host/http/router.hpp"
#include "kernel/host/http/ws_connection.hpp"
#include "kernel/host/http/ws_frame_parser.hpp"
#include "kernel/host/http/ws_frame_writer.hpp"

namespace sb::kernel {

namespace beast = boost::beast;

template <class Stream>
class WsSession final : public WsSessionBase, private WsFrameSink {
  static constexpr bool kPlain = std::is_same_v<Stream, boost::asio::ip::tcp::socket>;

 public:
  WsSession(IoSlot& slot, Stream&& stream, std::shared_ptr<WsConnectionHandle> handle,
            std::shared_ptr<const WebSocketEndpoint> endpoint,
            std::unique_ptr<WebSocketHandler> handler)
      : WsSessionBase(slot),
        stream_(std::move(stream)),
        handle_(std::move(handle)),
        endpoint_(std::move(endpoint)),
        handler_(std::move(handler)),
        parser_(endpoint_->options.max_message_bytes) {}

  // Writes the 101 (`response`), then reads. `early` is what the client sent after its
  // upgrade request without waiting for the answer.
  void start(std::string response, std::string_view early) {
    track();
    handle_->attach(std::static_pointer_cast<WsSession>(shared_from_this()));
    if constexpr (kPlain) {
      boost::system::error_code ignored;
      stream_.non_blocking(true, ignored);  // reads drain the socket until would_block
    }
    set_deadline(Clock::now() + slot_.core.settings.header_timeout);
    control_out_ = std::move(response);
    write_next();
    if (!early.empty()) consume(early);
  }

  void enqueue(std::string text) override {
    if (state_ == State::finished || close_queued_) {
      handle_->written(text.size());
      return;
    }
    queue_.push_back(std::move(text));
    write_next();
  }

  void request_close(std::uint16_t code, std::string reason) override {
    request_close(code, std::move(reason), kCloseGrace);
  }

  // `grace` bounds the close handshake: a peer that does not answer is cut off after it.
  void request_close(std::uint16_t code, std::string reason, Clock::duration grace) {
    if (state_ == State::finished || state_ == State::closing) return;
    state_ = State::closing;
    handle_->mark_closed();
    code_ = sendable_close_code(code);
    reason_ = std::make_unique<std::string>(clip_close_reason(std::move(reason)));
    end(code_, *reason_);
    set_deadline(Clock::now() + grace);
    // A slow consumer gets no more of its backlog; anyone else gets what was queued first.
    if (code_ == 1008) drop_queue();
    close_queued_ = true;
    write_next();
  }

  void close_websocket(std::uint16_t code, const std::string& reason) override {
    request_close(code, reason);
  }

  void on_deadline(Clock::time_point now) override {
    if (state_ != State::open) {  // the handshake or the close took too long
      close_socket();
      return finish();
    }
    const auto& opt = endpoint_->options;
    if (opt.idle_timeout.count() > 0 && now >= last_rx_ + opt.idle_timeout)
      // The peer is probably gone: do not wait long for its half of the close handshake.
      return request_close(1001, "idle timeout",
                           std::min<Clock::duration>(kCloseGrace, opt.idle_timeout / 4));
    if (opt.ping_interval.count() > 0 && now >= last_ping_ + opt.ping_interval) {
      last_ping_ = now;
      ws_frame::append_control(control_out_, ws_frame::kPing, {});
      write_next();
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
  static constexpr std::size_t kBatchMessages = 64;
  static constexpr std::size_t kReadBytes = 16 * 1024;
  enum class State : std::uint8_t { handshake, open, closing, finished };

  std::shared_ptr<WsSession> shared() {
    return std::static_pointer_cast<WsSession>(shared_from_this());
  }

  // --- reading ---

  void read() {
    if (state_ == State::finished) return;
    if constexpr (kPlain) {
      stream_.async_wait(Stream::wait_read,
                         [self = shared()](beast::error_code ec) { self->on_readable(ec); });
    } else {
      // TLS decrypts into a buffer that must outlive the read: the session owns one.
      if (!tls_in_) tls_in_ = std::make_unique<std::array<char, 4096>>();
      stream_.async_read_some(net::buffer(*tls_in_),
                              [self = shared()](beast::error_code ec, std::size_t n) {
                                if (ec) return self->on_read_error(ec);
                                self->consume({self->tls_in_->data(), n});
                                self->read();
                              });
    }
  }

  void on_readable(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    // One buffer per I/O thread: nothing stays in it between two reads.
    static thread_local std::array<char, kReadBytes> in;
    for (int i = 0; i < 4 && state_ != State::finished; ++i) {  // then others get a turn
      std::size_t n = stream_.read_some(net::buffer(in), ec);
      if (ec == net::error::would_block || ec == net::error::try_again) break;
      if (ec) return on_read_error(ec);
      consume({in.data(), n});
      if (n < in.size()) break;
    }
    read();
  }

  void consume(std::string_view bytes) {
    if (state_ == State::finished) return;
    last_rx_ = Clock::now();
    if (parser_.stopped()) return;  // after a close frame or an error: discarded
    if (auto code = parser_.feed(bytes, *this))
      fail(code, std::string(WsFrameParser::reason_for(code)));
  }

  // EOF, reset or our own close of the socket: whatever was recorded (else 1006) is final.
  void on_read_error(beast::error_code) {
    close_socket();
    finish();
  }

  // --- what the parser found ---

  void on_message(bool text, std::string_view payload) override {
    if (state_ != State::open && state_ != State::handshake) return;
    if (state_ == State::open) schedule();
    if (!handler_) return;
    try {
      if (text)
        handler_->on_text(payload);
      else
        handler_->on_binary(payload);
    } catch (const std::exception& e) {
      slot_.core.log.error("websocket handler threw", {{"what", e.what()}});
      request_close(1011, "internal error");
    }
  }

  void on_ping(std::string_view payload) override {
    if (close_queued_) return;
    ws_frame::append_control(control_out_, ws_frame::kPong, payload);
    write_next();
  }

  void on_pong() override {}

  void on_close(std::uint16_t code, std::string_view reason) override {
    peer_closed_ = true;
    if (close_queued_) {  // ours was first: the peer answered, or both crossed
      if (!close_sent_) {
        drop_queue();  // it no longer reads: send our close now
        write_next();
      } else if (!writing_) {
        shut_down();
      }
      return;
    }
    // The peer's close: answer it at once (what was queued is dropped) and end.
    end(code, std::string(reason));
    begin_answer(code == 1005 ? 0 : code, std::string(reason));
  }

  // A protocol violation: send the close frame with `code`, then hang up.
  void fail(std::uint16_t code, std::string reason) {
    if (close_sent_) {
      close_socket();
      return finish();
    }
    end(code, reason);
    begin_answer(code, std::move(reason));
  }

  // Queues our last frame (close, `code` 0: without a code) and hangs up once it is out.
  void begin_answer(std::uint16_t code, std::string reason) {
    state_ = State::closing;
    handle_->mark_closed();
    hang_up_after_close_ = true;
    drop_queue();
    code_ = code;
    reason_ = std::make_unique<std::string>(std::move(reason));
    close_queued_ = true;
    set_deadline(Clock::now() + kCloseGrace);
    write_next();
  }

  // --- writing ---

  void write_next() {
    if (writing_ || state_ == State::finished || close_sent_) return;
    bool handshake_done = state_ != State::handshake;
    std::size_t bytes = 0;
    batch_.clear();
    if (handshake_done)
      while (head_ < queue_.size() && batch_.size() < kBatchMessages)
        batch_.push_back(std::move(queue_[head_++]));
    if (head_ == queue_.size()) {
      std::vector<std::string>().swap(queue_);
      head_ = 0;
    }
    // Frame headers first, all in one string that does not move once built.
    headers_ = std::move(control_out_);
    control_out_.clear();
    std::size_t control_bytes = headers_.size();
    std::vector<std::size_t> header_at;
    header_at.reserve(batch_.size());
    for (auto& m : batch_) {
      header_at.push_back(headers_.size());
      ws_frame::append_header(headers_, ws_frame::kText, m.size());
      bytes += m.size();
    }
    bool sending_close = handshake_done && close_queued_ && head_ == queue_.size();
    std::size_t close_at = headers_.size();
    if (sending_close) ws_frame::append_close(headers_, code_, closing_reason());
    if (headers_.empty()) return;
    buffers_.clear();
    buffers_.reserve(2 + 2 * batch_.size());
    if (control_bytes) buffers_.push_back(net::buffer(headers_.data(), control_bytes));
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      std::size_t end = i + 1 < batch_.size() ? header_at[i + 1] : close_at;
      buffers_.push_back(net::buffer(headers_.data() + header_at[i], end - header_at[i]));
      buffers_.push_back(net::buffer(batch_[i]));
    }
    if (sending_close)
      buffers_.push_back(net::buffer(headers_.data() + close_at, headers_.size() - close_at));
    writing_ = true;
    close_sent_ = sending_close;
    net::async_write(
        stream_, buffers_,
        [self = shared(), bytes](beast::error_code ec, std::size_t) { self->on_write(ec, bytes); });
  }

  void on_write(beast::error_code ec, std::size_t bytes) {
    writing_ = false;
    handle_->written(bytes);
    std::string().swap(headers_);
    if (head_ < queue_.size()) {
      batch_.clear();  // more to come: keep the lists for the next batch
      buffers_.clear();
    } else {
      std::vector<std::string>().swap(batch_);  // an idle connection keeps nothing
      std::vector<net::const_buffer>().swap(buffers_);
    }
    if (ec) {
      close_socket();  // a pending read reports the close; before the 101 there is none
      if (state_ == State::handshake) finish();
      return;
    }
    if (state_ == State::handshake) on_handshake_written();
    if (close_sent_) {
      if (hang_up_after_close_ || peer_closed_) shut_down();
      return;
    }
    write_next();
  }

  void on_handshake_written() {
    accepted_ = true;
    slot_.core.ws_connections.add(1);
    last_rx_ = last_ping_ = Clock::now();
    if (close_queued_) {  // closed during the handshake: flush, then close
      state_ = State::closing;
    } else {
      state_ = State::open;
      schedule();
    }
    read();
  }

  // Our close frame is out and nothing more will be: send FIN and wait (bounded by the
  // close deadline) for the peer to hang up, so it reads the close frame before any reset.
  void shut_down() {
    if constexpr (kPlain) {
      beast::error_code ignored;
      stream_.shutdown(net::socket_base::shutdown_send, ignored);
    } else {
      // TLS peers expect close_notify before the TCP close.
      stream_.async_shutdown([self = shared()](beast::error_code) {
        self->close_socket();
        self->finish();
      });
    }
  }

  void drop_queue() {
    for (std::size_t i = head_; i < queue_.size(); ++i) handle_->written(queue_[i].size());
    std::vector<std::string>().swap(queue_);
    head_ = 0;
  }

  // --- ending ---

  void schedule() {
    const auto& opt = endpoint_->options;
    auto next = Clock::time_point::max();
    if (opt.idle_timeout.count() > 0) next = std::min(next, last_rx_ + opt.idle_timeout);
    if (opt.ping_interval.count() > 0) next = std::min(next, last_ping_ + opt.ping_interval);
    set_deadline(next);
  }

  // Records how the connection ended, for the handler: the first close wins (the code we
  // sent, the peer's, or the violation's).
  void end(std::uint16_t code, std::string reason) {
    if (ended_) return;
    ended_ = true;
    end_code_ = code;
    end_reason_ = std::make_unique<std::string>(std::move(reason));
  }

  void finish() {
    if (state_ == State::finished) return;
    if (!ended_) end(1006, "connection lost");
    state_ = State::finished;
    handle_->mark_closed();
    if (accepted_) slot_.core.ws_connections.add(-1);
    if (auto h = std::move(handler_)) {
      try {
        h->on_close(end_code_, *end_reason_);
      } catch (const std::exception& e) {
        slot_.core.log.error("websocket on_close threw", {{"what", e.what()}});
      }
    }
    drop_queue();
    clear_deadline();
    close_socket();
    untrack();
  }

  std::string_view closing_reason() const {
    return reason_ ? std::string_view(*reason_) : std::string_view();
  }

  void close_socket() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).close(ignored);
  }

  Stream stream_;
  std::shared_ptr<WsConnectionHandle> handle_;
  std::shared_ptr<const WebSocketEndpoint> endpoint_;
  std::unique_ptr<WebSocketHandler> handler_;
  WsFrameParser parser_;
  std::vector<std::string> queue_;
  std::size_t head_ = 0;
  // Only while a write is in flight: the messages, their headers, the gather list.
  std::vector<std::string> batch_;
  std::string headers_;
  std::vector<net::const_buffer> buffers_;
  std::string control_out_;  // framed control frames (and the 101) to send next
  std::unique_ptr<std::array<char, 4096>> tls_in_;
  // Only a closing connection has these: pointers keep idle sessions small.
  std::unique_ptr<std::string> reason_;
  std::unique_ptr<std::string> end_reason_;
  Clock::time_point last_rx_{};
  Clock::time_point last_ping_{};
  std::uint16_t code_ = 0;      // the close code we send
  std::uint16_t end_code_ = 0;  // the code the handler is told
  State state_ = State::handshake;
  bool accepted_ = false;
  bool writing_ = false;
  bool close_queued_ = false;  // a close frame is to be sent after what is queued
  bool close_sent_ = false;    // ... and is in the write in flight, or out
  bool peer_closed_ = false;
  bool hang_up_after_close_ = false;  // we answer the peer's close or fail: no waiting
  bool ended_ = false;
};

}  // namespace sb::kernel
