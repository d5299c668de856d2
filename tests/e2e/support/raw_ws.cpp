// SPDX-License-Identifier: Apache-2.0
// See raw_ws.hpp: Beast on a private io_context, run for a bounded time per call.
#include "raw_ws.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace sb::e2e {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

struct RawWs::State {
  boost::asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  beast::flat_buffer buffer;
};

RawWs::RawWs(int port, const std::string& bearer, const std::string& path)
    : s_(std::make_unique<State>()) {
  beast::error_code ec;
  s_->ws.next_layer().connect(
      {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)}, ec);
  if (ec) return;
  s_->ws.set_option(websocket::stream_base::decorator([bearer](websocket::request_type& req) {
    if (!bearer.empty()) req.set(beast::http::field::authorization, "Bearer " + bearer);
  }));
  s_->ws.read_message_max(0);
  websocket::response_type res;
  bool done = false;
  s_->ws.async_handshake(res, "127.0.0.1", path, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  s_->io.run_for(std::chrono::seconds(5));
  s_->io.restart();
  status_ = !done ? 0 : ec ? static_cast<int>(res.result_int()) : 101;
}

RawWs::~RawWs() {
  beast::error_code ignored;
  s_->ws.next_layer().close(ignored);
}

void RawWs::send_text(const std::string& text) {
  beast::error_code ec;
  s_->ws.text(true);
  s_->ws.write(boost::asio::buffer(text), ec);
}

void RawWs::send_binary(const std::string& bytes) {
  beast::error_code ec;
  s_->ws.binary(true);
  s_->ws.write(boost::asio::buffer(bytes), ec);
}

std::optional<std::string> RawWs::read(std::chrono::milliseconds timeout) {
  if (closed_) return std::nullopt;
  beast::error_code ec;
  bool done = false;
  s_->buffer.consume(s_->buffer.size());
  s_->ws.async_read(s_->buffer, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  s_->io.run_for(timeout);
  if (!done) {  // timed out: cancel the read and let it complete
    beast::error_code ignored;
    s_->ws.next_layer().cancel(ignored);
    s_->io.run_for(std::chrono::seconds(1));
    s_->io.restart();
    closed_ = true;  // a cancelled read leaves the stream unusable
    return std::nullopt;
  }
  s_->io.restart();
  if (ec) {
    closed_ = true;
    // The server's close frame counts even when answering it failed (the server may have
    // closed the socket right after sending it).
    auto code = s_->ws.reason().code;
    close_code_ = code != websocket::close_code::none ? code : 1006;
    return std::nullopt;
  }
  return beast::buffers_to_string(s_->buffer.data());
}

int RawWs::wait_close(std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (!closed_ && std::chrono::steady_clock::now() < end)
    read(std::chrono::duration_cast<std::chrono::milliseconds>(end -
                                                               std::chrono::steady_clock::now()));
  return close_code_;
}

void RawWs::close() {
  beast::error_code ignored;
  s_->ws.next_layer().close(ignored);
  closed_ = true;
}

}  // namespace sb::e2e
