// SPDX-License-Identifier: Apache-2.0
// The load generator's WebSocket client: connect, upgrade, read loop, queued writes.
#include "ws_client.hpp"

#include <boost/beast/http.hpp>

namespace loadgen {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

WsClient::WsClient(asio::io_context& io, tcp::endpoint server, asio::ip::address source,
                   std::string target, std::string token)
    : ws_(io),
      server_(server),
      source_(source),
      target_(std::move(target)),
      token_(std::move(token)) {}

void WsClient::start(OnOpen on_open, OnFrame on_frame) {
  on_open_ = std::move(on_open);
  on_frame_ = std::move(on_frame);
  auto& sock = beast::get_lowest_layer(ws_);
  boost::system::error_code ec;
  sock.open(server_.protocol(), ec);
  if (!ec && !source_.is_unspecified()) sock.bind(tcp::endpoint(source_, 0), ec);
  if (ec) return fail("bind", ec);
  sock.async_connect(server_, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return self->fail("connect", ec);
    beast::get_lowest_layer(self->ws_).set_option(tcp::no_delay(true), ec);
    self->ws_.set_option(
        websocket::stream_base::decorator([tok = self->token_](websocket::request_type& req) {
          req.set(beast::http::field::authorization, "Bearer " + tok);
        }));
    self->ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    auto host = self->server_.address().to_string() + ":" + std::to_string(self->server_.port());
    self->ws_.async_handshake(host, self->target_, [self](boost::system::error_code ec) {
      if (ec) return self->fail("upgrade", ec);
      self->open_ = true;
      self->ws_.text(true);
      if (self->on_open_) self->on_open_(true, "");
      self->read();
      self->write_next();
    });
  });
}

void WsClient::fail(const std::string& what, boost::system::error_code ec) {
  bool was_open = open_;
  open_ = false;
  closed_ = true;
  if (!was_open && on_open_) {
    auto cb = std::move(on_open_);
    on_open_ = nullptr;
    cb(false, what + ": " + ec.message());
  }
}

void WsClient::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
    if (ec) return self->fail("read", ec);
    auto data = self->buffer_.cdata();
    if (self->on_frame_)
      self->on_frame_(std::string_view(static_cast<const char*>(data.data()), data.size()));
    self->buffer_.consume(self->buffer_.size());
    self->read();
  });
}

void WsClient::send(std::string frame) {
  if (closed_) return;
  queue_.push_back(std::move(frame));
  if (open_ && !writing_) write_next();
}

void WsClient::write_next() {
  if (writing_ || queue_.empty() || !open_) return;
  writing_ = true;
  ws_.async_write(asio::buffer(queue_.front()),
                  [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                    self->writing_ = false;
                    if (ec) return self->fail("write", ec);
                    self->queue_.pop_front();
                    self->write_next();
                  });
}

void WsClient::close() {
  if (closed_) return;
  closed_ = true;
  open_ = false;
  boost::system::error_code ec;
  beast::get_lowest_layer(ws_).close(ec);
}

}  // namespace loadgen
