// SPDX-License-Identifier: Apache-2.0
// The WebSocket link: resolve, connect, (TLS handshake,) upgrade with the Bearer header, then
// one read loop and a write queue (one async_write at a time). Acks are coalesced into one
// frame.
#include <deque>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include "link.hpp"
#include "tls.hpp"

namespace sb::client::detail {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
// `Stream` is beast::tcp_stream (ws://) or TlsStream (wss://).
template <class Stream>
class WsLink final : public Link, public std::enable_shared_from_this<WsLink<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using std::enable_shared_from_this<WsLink<Stream>>::shared_from_this;

 public:
  WsLink(net::io_context& io, LinkSettings settings, LinkEvents events)
      : io_(io),
        settings_(std::move(settings)),
        events_(std::move(events)),
        resolver_(io),
        ws_(open_stream<websocket::stream<Stream>, kTls>(io, settings_.tls.get())) {}

  void start() override {
    resolver_.async_resolve(settings_.server.host, settings_.server.port,
                            [self = shared_from_this()](beast::error_code ec, auto results) {
                              if (ec) return self->fail("cannot resolve: " + ec.message());
                              self->connect(results);
                            });
  }

  void send(std::string frame) override {
    if (done_) return;
    queue_.push_back(std::move(frame));
    if (!writing_) write_next();
  }

  void ack(std::int64_t cursor) override {
    if (cursor <= acked_ || done_) return;
    if (pending_ack_ == 0) net::post(io_, [self = shared_from_this()] { self->flush_ack(); });
    pending_ack_ = std::max(pending_ack_, cursor);
  }

  void close() override {
    if (done_) return;
    done_ = true;
    if (open_) {
      ws_.async_close(websocket::close_code::normal,
                      [self = shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
    }
  }

 private:
  void connect(const tcp::resolver::results_type& results) {
    auto& tcp_layer = beast::get_lowest_layer(ws_);
    tcp_layer.expires_after(settings_.connect_timeout);
    tcp_layer.async_connect(results, [self = shared_from_this()](beast::error_code ec, auto) {
      if (ec) return self->fail("cannot connect: " + ec.message());
      // Small frames: Nagle would hold one until the server's delayed ACK.
      beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true), ec);
      self->tls_handshake();
    });
  }

  void tls_handshake() {
    if constexpr (kTls) {
      auto& tls = ws_.next_layer();
      expect_server_name(tls.native_handle(), settings_.server.host);
      tls.async_handshake(
          net::ssl::stream_base::client, [self = shared_from_this()](beast::error_code ec) {
            if (ec)
              return self->fail(describe_tls_failure(self->ws_.next_layer().native_handle(), ec,
                                                     self->settings_.server));
            self->handshake();
          });
    } else {
      handshake();
    }
  }

  void handshake() {
    ws_.set_option(websocket::stream_base::decorator([token = settings_.token](auto& req) {
      req.set(beast::http::field::user_agent, "switchboard-client/1");
      if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
    }));
    ws_.async_handshake(
        response_, settings_.server.host_header(), "/v1/ws",
        [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      int status = response_.result_int();
      if (status != 0 && status != 101)
        return fail("HTTP " + std::to_string(status) + " at upgrade", status == 401);
      return fail("upgrade failed: " + ec.message());
    }
    beast::get_lowest_layer(ws_).expires_never();
    // The server pings; a server silent for this long is gone.
    websocket::stream_base::timeout t{};
    t.handshake_timeout = settings_.connect_timeout;
    t.idle_timeout = std::chrono::seconds(75);
    t.keep_alive_pings = true;
    ws_.set_option(t);
    open_ = true;
    if (done_) return;
    events_.opened();
    read();
    if (!queue_.empty() && !writing_) write_next();
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      if (ec == websocket::error::closed) {
        auto cr = ws_.reason();
        std::string why = "close " + std::to_string(cr.code);
        if (!cr.reason.empty()) why += ": " + std::string(cr.reason.data(), cr.reason.size());
        // 4001 token refused, 4003 device revoked, 4004 banned: a new token is needed.
        return fail(why, cr.code == 4001 || cr.code == 4003 || cr.code == 4004);
      }
      return fail("connection lost: " + ec.message());
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (done_) return;
    events_.frame(std::move(text));
    if (!done_) read();
  }

  void write_next() {
    if (queue_.empty() || !open_ || done_) return;
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->writing_ = false;
                      self->queue_.pop_front();
                      if (ec) return self->fail("write failed: " + ec.message());
                      self->write_next();
                    });
  }

  void flush_ack() {
    std::int64_t cursor = pending_ack_;
    pending_ack_ = 0;
    if (cursor <= acked_ || done_) return;
    acked_ = cursor;
    send(boost::json::serialize(boost::json::object{{"op", "ack"}, {"cursor", cursor}}));
  }

  void fail(std::string why, bool auth_refused = false) {
    if (done_) return;
    done_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    events_.closed(std::move(why), auth_refused);
  }

  net::io_context& io_;
  LinkSettings settings_;
  LinkEvents events_;
  tcp::resolver resolver_;
  websocket::stream<Stream> ws_;
  websocket::response_type response_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  std::int64_t pending_ack_ = 0, acked_ = 0;
  bool writing_ = false, open_ = false, done_ = false;
};

}  // namespace

std::shared_ptr<Link> make_websocket_link(net::io_context& io, LinkSettings settings,
                                          LinkEvents events) {
  if (settings.tls)
    return std::make_shared<WsLink<TlsStream>>(io, std::move(settings), std::move(events));
  return std::make_shared<WsLink<beast::tcp_stream>>(io, std::move(settings), std::move(events));
}

}  // namespace sb::client::detail
