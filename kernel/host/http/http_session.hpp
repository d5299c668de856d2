// SPDX-License-Identifier: Apache-2.0
// One HTTP/1.1 connection: reads a request (with the header, body and keep-alive deadlines),
// routes it, waits for the handler's answer without holding a thread, writes it, and hands
// the socket to a WsSession on an accepted upgrade. Streaming routes get their body piece by
// piece, and streamed answers are written piece by piece, through one piece buffer. A
// template over plain and TLS streams.
#pragma once

#include <algorithm>
#include <exception>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "kernel/host/http/cors.hpp"
#include "kernel/host/http/messages.hpp"
#include "kernel/host/http/request_framing.hpp"
#include "kernel/host/http/responder.hpp"
#include "kernel/host/http/ws_handshake.hpp"
#include "kernel/host/http/ws_session.hpp"

namespace sb::kernel {

using tcp = boost::asio::ip::tcp;
using TlsStream = boost::asio::ssl::stream<tcp::socket>;

template <class Stream>
class HttpSession final : public HttpSessionBase {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  HttpSession(IoSlot& slot, Stream&& stream, tcp::endpoint remote, AddressLimit::Hold hold)
      : HttpSessionBase(slot),
        stream_(std::move(stream)),
        remote_(remote),
        hold_(std::move(hold)) {}

  void start() {
    track();
    set_deadline(Clock::now() + settings().header_timeout);
    if constexpr (kTls) {
      state_ = State::handshake;
      stream_.async_handshake(boost::asio::ssl::stream_base::server,
                              [self = shared()](beast::error_code ec) {
                                if (ec) return self->close();
                                self->read_header(true);
                              });
    } else {
      read_header(false);
    }
  }

  void deliver(std::uint32_t seq, HttpResponse response) override {
    if (seq != seq_ || state_ != State::handler) return;
    send(std::move(response), keep_alive_);
  }

  void deliver_stream(std::uint32_t seq, HttpResponse head,
                      std::shared_ptr<HttpBodySource> source) override {
    if (seq != seq_ || state_ != State::handler) return;
    state_ = State::writing;
    set_deadline(Clock::now() + settings().body_timeout);
    slot_.core.count_request(method_.empty() ? "other" : method_, head.status);
    out_ = std::make_unique<http::response<http::buffer_body>>();
    out_->version(version_ ? version_ : 11);
    if (!cors_origin_.empty()) add_cors_headers(head, std::exchange(cors_origin_, {}));
    set_head(head, *out_);
    out_->content_length(source->size());
    out_->keep_alive(keep_alive_);
    out_->body().data = nullptr;
    out_->body().more = true;
    source_ = std::move(source);
    remaining_ = source_->size();
    out_sr_ = std::make_unique<http::response_serializer<http::buffer_body>>(*out_);
    http::async_write_header(stream_, *out_sr_,
                             [self = shared()](beast::error_code ec, std::size_t) {
                               if (ec) return self->close();
                               self->write_piece();
                             });
  }

  void on_deadline(Clock::time_point) override {
    switch (state_) {
      case State::handshake: slot_.core.refuse("tls_handshake_timeout", remote()); break;
      case State::header: slot_.core.refuse("header_timeout", remote()); break;
      case State::body: slot_.core.refuse("body_timeout", remote()); break;
      default: break;
    }
    close_socket();  // the pending operation fails and closes the session
  }

  void abort() override {
    auto keep = shared();
    drop_sink();
    close_socket();
    state_ = State::closed;
    hold_.reset();
    untrack();
  }

 private:
  enum class State : std::uint8_t {
    handshake,
    idle,
    header,
    body,
    handler,
    writing,
    linger,
    closed
  };

  std::shared_ptr<HttpSession> shared() {
    return std::static_pointer_cast<HttpSession>(shared_from_this());
  }
  const ServerSettings& settings() const { return slot_.core.settings; }
  std::string remote() const { return endpoint_string(remote_); }

  // Between keep-alive requests: on a plain socket, wait for readability without a buffer,
  // so an idle connection holds nothing but the session.
  void wait_for_request() {
    state_ = State::idle;
    set_deadline(Clock::now() + settings().keepalive_timeout);
    if (buffer_.size() > 0) return read_header(true);  // a pipelined request
    buffer_.shrink_to_fit();
    if constexpr (kTls) {
      read_header(false);
    } else {
      stream_.async_wait(tcp::socket::wait_read, [self = shared()](beast::error_code ec) {
        if (ec) return self->close();
        self->read_header(true);
      });
    }
  }

  void read_header(bool fresh_deadline) {
    if (fresh_deadline) set_deadline(Clock::now() + settings().header_timeout);
    state_ = State::header;
    parser_ = make_request_parser(settings());
    // The body's limit depends on the route (a streaming route has its own), known only
    // once the header is read: on_header sets it.
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    auto& req = parser_->get();
    if (auto bad = check_framing(req)) {
      slot_.core.refuse("bad_framing", remote());
      method_ = std::string(req.method_string());
      return send_error(bad->status, "bad_request", bad->message);
    }
    if (boost::beast::websocket::is_upgrade(req)) {
      std::string_view target = req.target();
      if (auto ep =
              slot_.core.router.find_websocket(decode_path(target.substr(0, target.find('?')))))
        return upgrade(std::move(ep));
    }
    {
      std::string_view target = req.target();
      auto m = slot_.core.router.match(std::string_view(req.method_string()),
                                       target.substr(0, target.find('?')));
      if (m.streaming) return start_stream(std::move(m));
    }
    if (too_long(*parser_, settings().max_body_bytes))
      return on_read_error(http::error::body_limit);
    parser_->body_limit(settings().max_body_bytes);
    if (parser_->is_done()) return dispatch();
    state_ = State::body;
    set_deadline(Clock::now() + settings().body_timeout);
    continue_then(req, [](HttpSession& self) { self.read_body(); });
  }

  // A Content-Length beyond the limit is refused before a byte of the body is read.
  template <class Parser>
  static bool too_long(const Parser& p, std::uint64_t limit) {
    auto len = p.content_length();
    return len && *len > limit;
  }

  // Answers "Expect: 100-continue" before the body is read.
  template <class Next>
  void continue_then(const http::request_header<>& req, Next next) {
    if (detail::iequals(req[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                              [self = shared(), next](beast::error_code ec, std::size_t) {
                                if (ec) return self->close();
                                next(*self);
                              });
    }
    next(*this);
  }

  // A streaming route: the handler sees the header and gives a sink, or refuses before a
  // byte of the body is read.
  void start_stream(RouteMatch m) {
    clear_deadline();
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    method_ = std::string(req.method_string());
    cors_origin_ = cors_origin(settings(), req[http::field::origin]);
    HttpRequest request;
    if (!to_sdk_request(req, remote_, request))
      return send_error(400, "bad_request", "the request target must be an absolute path");
    request.params = std::move(m.params);
    HttpBodyAccept accept;
    try {
      accept = m.streaming->handler(request);
    } catch (const std::exception& e) {
      slot_.core.log.error("http streaming handler threw",
                           {{"method", method_}, {"path", request.path}, {"what", e.what()}});
      return send_error(500, "internal", "the handler failed");
    }
    if (!accept.sink) {
      parser_.reset();
      return send(std::move(accept.refusal), false);
    }
    sink_ = std::move(accept.sink);
    stream_in_ = std::make_unique<http::request_parser<http::buffer_body>>(std::move(*parser_));
    parser_.reset();
    if (too_long(*stream_in_, m.streaming->max_body_bytes)) {
      drop_sink();
      stream_in_.reset();
      return on_read_error(http::error::body_limit);
    }
    stream_in_->body_limit(m.streaming->max_body_bytes);
    state_ = State::body;
    if (stream_in_->is_done()) return finish_stream();
    continue_then(stream_in_->get(), [](HttpSession& self) { self.read_piece(); });
  }

  void read_piece() {
    set_deadline(Clock::now() + settings().body_timeout);  // restarts while the body moves
    piece_.resize(kPieceBytes);
    auto& body = stream_in_->get().body();
    body.data = piece_.data();
    body.size = piece_.size();
    http::async_read_some(
        stream_, buffer_, *stream_in_,
        [self = shared()](beast::error_code ec, std::size_t) { self->on_piece(ec); });
  }

  void on_piece(beast::error_code ec) {
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
      drop_sink();
      stream_in_.reset();
      return on_read_error(ec);
    }
    std::size_t got = piece_.size() - stream_in_->get().body().size;
    if (got > 0) {
      std::optional<HttpResponse> refusal;
      try {
        refusal = sink_->write(std::string_view(piece_.data(), got));
      } catch (const std::exception& e) {
        slot_.core.log.error("http body sink threw", {{"method", method_}, {"what", e.what()}});
        refusal = HttpResponse::error(500, "internal", "the handler failed");
      }
      if (refusal) {
        drop_sink();
        stream_in_.reset();
        return send(std::move(*refusal), false);
      }
    }
    if (stream_in_->is_done()) return finish_stream();
    read_piece();
  }

  void finish_stream() {
    clear_deadline();
    state_ = State::handler;
    stream_in_.reset();
    release_piece();
    if (buffer_.size() == 0) buffer_.shrink_to_fit();
    auto sink = std::move(sink_);
    auto responder = std::make_shared<Responder>(
        std::static_pointer_cast<HttpSessionBase>(shared_from_this()), slot_.poster(), ++seq_);
    try {
      sink->finish(responder);
    } catch (const std::exception& e) {
      slot_.core.log.error("http body sink threw", {{"method", method_}, {"what", e.what()}});
      responder->respond(HttpResponse::error(500, "internal", "the handler failed"));
    }
  }

  void drop_sink() {
    if (auto sink = std::move(sink_)) sink->abort();
  }

  void release_piece() {
    piece_.clear();
    piece_.shrink_to_fit();
  }

  // One piece of a streamed answer from the source, then the next once it is written.
  void write_piece() {
    set_deadline(Clock::now() + settings().body_timeout);  // a client that stops reading
    auto& body = out_->body();
    if (remaining_ == 0) {
      body.data = nullptr;
      body.size = 0;
      body.more = false;
    } else {
      piece_.resize(kPieceBytes);
      auto want = static_cast<std::size_t>(std::min<std::uint64_t>(piece_.size(), remaining_));
      std::size_t n = 0;
      try {
        n = source_->read(piece_.data(), want);
      } catch (const std::exception& e) {
        slot_.core.log.error("http body source threw", {{"what", e.what()}});
      }
      if (n == 0 || n > want) return end_stream_out(false);  // a short body: close
      remaining_ -= n;
      body.data = piece_.data();
      body.size = n;
      body.more = remaining_ > 0;
    }
    http::async_write(stream_, *out_sr_, [self = shared()](beast::error_code ec, std::size_t) {
      if (ec == http::error::need_buffer) ec = {};
      if (ec) return self->end_stream_out(false);
      if (self->out_sr_->is_done()) return self->end_stream_out(true);
      self->write_piece();
    });
  }

  void end_stream_out(bool complete) {
    out_sr_.reset();
    out_.reset();
    source_.reset();
    release_piece();
    if (!complete) return close();
    if (keep_alive_) return wait_for_request();
    linger_close();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared()](beast::error_code ec, std::size_t) {
                       if (ec) return self->on_read_error(ec);
                       self->dispatch();
                     });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      slot_.core.refuse("header_too_large", remote());
      return send_error(431, "too_large", "the request header is too large");
    }
    if (ec == http::error::body_limit) {
      slot_.core.refuse("body_too_large", remote());
      return send_error(413, "too_large", "the request body is too large");
    }
    bool parse_error =
        ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message;
    if (parse_error && state_ != State::closed) {
      slot_.core.refuse("bad_request", remote());
      return send_error(400, "bad_request", "malformed request: " + ec.message());
    }
    close();  // the client went away or its deadline passed
  }

  void dispatch() {
    clear_deadline();
    state_ = State::handler;
    BeastRequest req = parser_->release();
    parser_.reset();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    bool unknown_method = req.method() == http::verb::unknown;
    cors_origin_ = cors_origin(settings(), req[http::field::origin]);
    bool preflight = !cors_origin_.empty() && req.method() == http::verb::options &&
                     req.find(http::field::access_control_request_method) != req.end();
    if (buffer_.size() == 0) buffer_.shrink_to_fit();  // a parked request holds no buffer
    HttpRequest request;
    if (!to_sdk_request(req, remote_, request)) {
      method_ = std::string(req.method_string());
      return send_error(400, "bad_request", "the request target must be an absolute path");
    }
    method_ = request.method;
    if (preflight) return send(cors_preflight(cors_origin_), keep_alive_);
    std::string_view raw_path = request.target;
    raw_path = raw_path.substr(0, raw_path.find('?'));
    RouteMatch m = slot_.core.router.match(request.method, raw_path);
    if (m.kind != RouteMatch::Kind::found) {
      if (unknown_method)
        return send(HttpResponse::error(501, "bad_request", "unknown method " + method_),
                    keep_alive_);
      if (m.kind == RouteMatch::Kind::not_found)
        return send(
            HttpResponse::error(404, "not_found", "no route for " + method_ + " " + request.path),
            keep_alive_);
      auto res =
          HttpResponse::error(405, "bad_request", method_ + " is not allowed on " + request.path);
      res.headers.emplace_back("Allow", m.allow);
      return send(std::move(res), keep_alive_);
    }
    request.params = std::move(m.params);
    auto responder = std::make_shared<Responder>(
        std::static_pointer_cast<HttpSessionBase>(shared_from_this()), slot_.poster(), ++seq_);
    try {
      (*m.handler)(request, responder);
    } catch (const std::exception& e) {
      slot_.core.log.error("http handler threw",
                           {{"method", method_}, {"path", request.path}, {"what", e.what()}});
      responder->respond(HttpResponse::error(500, "internal", "the handler failed"));
    }
  }

  void upgrade(std::shared_ptr<const WebSocketEndpoint> ep) {
    clear_deadline();
    state_ = State::handler;
    BeastRequest req = parser_->release();
    parser_.reset();
    keep_alive_ = false;
    version_ = req.version();
    method_ = std::string(req.method_string());
    if (auto refusal = check_ws_upgrade(req)) return send(std::move(*refusal), false);
    HttpRequest request;
    if (!to_sdk_request(req, remote_, request))
      return send_error(400, "bad_request", "the request target must be an absolute path");
    auto handle = std::make_shared<WsConnectionHandle>(slot_.poster(), request.remote_address,
                                                       ep->options.max_send_queue_bytes);
    WebSocketAccept accept;
    try {
      accept = ep->acceptor(request, handle);
    } catch (const std::exception& e) {
      slot_.core.log.error("websocket acceptor threw",
                           {{"path", request.path}, {"what", e.what()}});
      return send(HttpResponse::error(500, "internal", "the upgrade failed"), false);
    }
    if (!accept.handler) return send(std::move(accept.refusal), false);
    slot_.core.count_request(method_, 101);
    auto ws = std::make_shared<WsSession<Stream>>(slot_, std::move(stream_), std::move(handle),
                                                  std::move(ep), std::move(accept.handler));
    // What the client sent after its request without waiting for the 101 is its first frames.
    auto early = buffer_.cdata();
    ws->start(ws_accept_response(req),
              std::string_view(static_cast<const char*>(early.data()), early.size()));
    hold_.reset();  // a WebSocket counts against its transport's own per-address cap
    auto keep = shared();
    state_ = State::closed;
    untrack();
  }

  void send_error(int status, std::string_view code, std::string message) {
    parser_.reset();
    send(HttpResponse::error(status, code, message), false);
  }

  void send(HttpResponse response, bool keep_alive) {
    keep_alive_ = keep_alive;
    state_ = State::writing;
    if (!cors_origin_.empty()) add_cors_headers(response, std::exchange(cors_origin_, {}));
    set_deadline(Clock::now() + settings().body_timeout);  // a client that never reads
    slot_.core.count_request(method_.empty() ? "other" : method_, response.status);
    res_ = std::make_unique<BeastResponse>(
        to_beast_response(std::move(response), version_ ? version_ : 11, keep_alive));
    http::async_write(stream_, *res_, [self = shared()](beast::error_code ec, std::size_t) {
      self->res_.reset();
      if (ec) return self->close();
      if (self->keep_alive_) return self->wait_for_request();
      self->linger_close();
    });
  }

  // Closing right after an error response would reset the connection if the client is still
  // sending, and the client might never read the response: shut down our side, then drain
  // for a moment.
  void linger_close() {
    state_ = State::linger;
    set_deadline(Clock::now() +
                 std::min<Clock::duration>(std::chrono::seconds(1), settings().header_timeout));
    if constexpr (kTls) {
      stream_.async_shutdown([self = shared()](beast::error_code) { self->close(); });
    } else {
      beast::error_code ignored;
      stream_.shutdown(tcp::socket::shutdown_send, ignored);
      drain();
    }
  }

  void drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(512),
                            [self = shared()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->drain();
                            });
  }

  void close_socket() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).close(ignored);
  }

  void close() {
    auto keep = shared();
    drop_sink();
    close_socket();
    state_ = State::closed;
    clear_deadline();
    hold_.reset();
    untrack();
  }

  static constexpr std::size_t kPieceBytes = 256 * 1024;

  Stream stream_;
  beast::flat_buffer buffer_;
  // Streaming in (an upload) and out (a download); the piece buffer serves one at a time.
  std::unique_ptr<http::request_parser<http::buffer_body>> stream_in_;
  std::unique_ptr<HttpBodySink> sink_;
  std::unique_ptr<http::response<http::buffer_body>> out_;
  std::unique_ptr<http::response_serializer<http::buffer_body>> out_sr_;
  std::shared_ptr<HttpBodySource> source_;
  std::uint64_t remaining_ = 0;
  std::vector<char> piece_;
  std::unique_ptr<RequestParser> parser_;
  std::unique_ptr<BeastResponse> res_;
  std::string method_;
  std::string cors_origin_;  // the request's Origin, when server.cors_origins lists it
  tcp::endpoint remote_;
  AddressLimit::Hold hold_;
  std::uint32_t seq_ = 0;
  unsigned version_ = 11;
  State state_ = State::header;
  bool keep_alive_ = true;
};

}  // namespace sb::kernel
