// SPDX-License-Identifier: Apache-2.0
// Small synchronous-looking HTTP and WebSocket clients for the HTTP server tests: every
// operation runs the client's own io_context for a bounded time, so no test can hang.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel::test {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using namespace std::chrono_literals;
using Response = http::response<http::string_body>;

class NullLogger final : public Logger {
 public:
  bool enabled(LogLevel) const override { return false; }
  void write(LogLevel, std::string_view, const json::object&) override {}
};

// Until the kernel's MetricsRegistry is available to tests: instruments that count nothing.
class NullMetrics final : public Metrics {
  struct C final : Counter {
    void inc(double) override {}
    double value() const override { return 0; }
  };
  struct G final : Gauge {
    void set(double) override {}
    void add(double) override {}
    double value() const override { return 0; }
  };
  struct H final : Histogram {
    void observe(double) override {}
    std::uint64_t count() const override { return 0; }
  };
  C c_;
  G g_;
  H h_;

 public:
  Counter& counter(std::string_view, std::string_view, const Labels&) override { return c_; }
  Gauge& gauge(std::string_view, std::string_view, const Labels&) override { return g_; }
  Histogram& histogram(std::string_view, std::string_view, const Labels&,
                       const std::vector<double>&) override {
    return h_;
  }
};

inline ServerSettings test_settings() {
  ServerSettings s;
  s.listen = "127.0.0.1:0";
  s.io_threads = 2;
  s.header_timeout = 2s;
  s.body_timeout = 2s;
  s.keepalive_timeout = 2s;
  return s;
}

// Runs one asynchronous operation on `ioc` for at most `timeout`; on timeout closes the
// socket under `stream` (so the operation ends) and returns net::error::timed_out.
template <class Stream, class Initiate>
beast::error_code run_op(net::io_context& ioc, Stream& stream, std::chrono::milliseconds timeout,
                         Initiate&& initiate) {
  std::optional<beast::error_code> result;
  ioc.restart();
  initiate([&result](beast::error_code ec, auto&&...) { result = ec; });
  ioc.run_for(timeout);
  if (result) return *result;
  beast::error_code ignored;
  beast::get_lowest_layer(stream).close(ignored);
  ioc.restart();
  ioc.run_for(1s);
  return net::error::timed_out;
}

inline std::shared_ptr<ssl::context> client_tls_context() {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_verify_mode(ssl::verify_none);  // the tests' certificate is self-signed
  return ctx;
}

template <bool Tls>
using ClientStream = std::conditional_t<Tls, ssl::stream<tcp::socket>, tcp::socket>;

template <bool Tls>
class BasicHttpClient {
 public:
  // `from`: the loopback address to connect from (127.0.0.2...), so tests can be several
  // clients; empty: the system's choice.
  explicit BasicHttpClient(std::uint16_t port, std::string_view from = {})
      : stream_(make_stream()) {
    beast::error_code ec;
    auto& socket = beast::get_lowest_layer(stream_);
    if (!from.empty()) {
      socket.open(tcp::v4(), ec);
      if (!ec) socket.bind({net::ip::make_address(from, ec), 0}, ec);
      if (ec) {
        connected_ = false;
        return;
      }
    }
    socket.connect({net::ip::address_v4::loopback(), port}, ec);
    if (ec) {
      connected_ = false;
      return;
    }
    if constexpr (Tls) {
      connected_ = !run_op(ioc_, stream_, 2s,
                           [&](auto h) { stream_.async_handshake(ssl::stream_base::client, h); });
    }
  }

  bool connected() const { return connected_; }

  beast::error_code write_raw(std::string_view bytes, std::chrono::milliseconds t = 1s) {
    return run_op(ioc_, stream_, t, [&](auto h) {
      net::async_write(stream_, net::buffer(bytes.data(), bytes.size()), h);
    });
  }

  // A response, or nullopt if none arrived (closed, timed out, malformed).
  std::optional<Response> read(std::chrono::milliseconds t = 2s) {
    Response res;
    auto ec = run_op(ioc_, stream_, t, [&](auto h) { http::async_read(stream_, buffer_, res, h); });
    if (ec) return std::nullopt;
    return res;
  }

  std::optional<Response> request(std::string_view method, std::string_view target,
                                  std::string body = {}, bool keep_alive = true) {
    http::request<http::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(http::field::host, "localhost");
    req.keep_alive(keep_alive);
    if (!body.empty() || method == "POST" || method == "PUT") {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    auto ec = run_op(ioc_, stream_, 2s, [&](auto h) { http::async_write(stream_, req, h); });
    if (ec) return std::nullopt;
    return read();
  }

  // True when the server closes the connection within `t` (anything it sends is skipped).
  bool wait_closed(std::chrono::milliseconds t) {
    auto deadline = std::chrono::steady_clock::now() + t;
    char scratch[4096];
    for (int i = 0; i < 100000; ++i) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      auto ec = run_op(ioc_, stream_, left,
                       [&](auto h) { stream_.async_read_some(net::buffer(scratch), h); });
      if (ec == net::error::timed_out) return false;
      if (ec) return true;
    }
    return false;
  }

  ClientStream<Tls>& stream() { return stream_; }

 private:
  ClientStream<Tls> make_stream() {
    if constexpr (Tls) {
      ctx_ = client_tls_context();
      return ClientStream<Tls>(ioc_, *ctx_);
    } else {
      return ClientStream<Tls>(ioc_);
    }
  }

  net::io_context ioc_;
  std::shared_ptr<ssl::context> ctx_;
  ClientStream<Tls> stream_;
  beast::flat_buffer buffer_;
  bool connected_ = true;
};
using HttpClient = BasicHttpClient<false>;
using HttpsClient = BasicHttpClient<true>;

inline std::optional<Response> http_get(std::uint16_t port, std::string_view target) {
  HttpClient c(port);
  return c.request("GET", target);
}

template <bool Tls>
class BasicWsClient {
 public:
  BasicWsClient(std::uint16_t port, std::string target = "/ws", std::string authorization = {}) {
    if constexpr (Tls) ctx_ = client_tls_context();
    ws_.emplace(make_next());
    auto& sock = beast::get_lowest_layer(*ws_);
    sock.connect({net::ip::address_v4::loopback(), port});
    if constexpr (Tls) {
      if (run_op(ioc_, *ws_, 2s,
                 [&](auto h) { ws_->next_layer().async_handshake(ssl::stream_base::client, h); }))
        return;
    }
    if (!authorization.empty()) {
      ws_->set_option(
          websocket::stream_base::decorator([authorization](websocket::request_type& req) {
            req.set(http::field::authorization, authorization);
          }));
    }
    handshake_error_ = run_op(ioc_, *ws_, 2s, [&](auto h) {
      ws_->async_handshake(upgrade_response_, "localhost", target, h);
    });
  }

  bool open() const { return !handshake_error_; }
  const websocket::response_type& upgrade_response() const { return upgrade_response_; }

  beast::error_code send(std::string_view text, bool binary = false) {
    ws_->binary(binary);
    return run_op(ioc_, *ws_, 2s,
                  [&](auto h) { ws_->async_write(net::buffer(text.data(), text.size()), h); });
  }

  // The next message, or the error that ended the read (websocket::error::closed: see
  // close_code()).
  std::pair<beast::error_code, std::string> read(std::chrono::milliseconds t = 2s) {
    beast::flat_buffer buf;
    auto ec = run_op(ioc_, *ws_, t, [&](auto h) { ws_->async_read(buf, h); });
    return {ec, beast::buffers_to_string(buf.data())};
  }

  // Reads (and drops) messages until the server closes; returns its close code, or 0. A close
  // frame counts even when the TCP teardown after it fails: Beast's server teardown may
  // reset a connection that still has unread bytes (a too-big message).
  std::uint16_t read_until_close(std::chrono::milliseconds t = 2s, int max_messages = 100000) {
    for (int i = 0; i < max_messages; ++i) {
      auto [ec, text] = read(t);
      if (ec == websocket::error::closed) return ws_->reason().code;
      if (ec) {
        last_error_ = ec;
        return ws_->reason().code;
      }
    }
    return 0;
  }

  beast::error_code close(std::uint16_t code = 1000) {
    return run_op(ioc_, *ws_, 2s, [&](auto h) {
      ws_->async_close(websocket::close_reason(static_cast<websocket::close_code>(code)), h);
    });
  }

  // Drops the TCP connection without a close frame.
  void vanish() {
    beast::error_code ignored;
    beast::get_lowest_layer(*ws_).close(ignored);
  }

  websocket::stream<ClientStream<Tls>>& ws() { return *ws_; }
  // Why read_until_close last returned 0.
  beast::error_code last_error() const { return last_error_; }

 private:
  ClientStream<Tls> make_next() {
    if constexpr (Tls)
      return ClientStream<Tls>(ioc_, *ctx_);
    else
      return ClientStream<Tls>(ioc_);
  }

  net::io_context ioc_;
  std::shared_ptr<ssl::context> ctx_;
  std::optional<websocket::stream<ClientStream<Tls>>> ws_;
  websocket::response_type upgrade_response_;
  beast::error_code handshake_error_;
  beast::error_code last_error_;
};
using WsClient = BasicWsClient<false>;
using WssClient = BasicWsClient<true>;

// Polls `pred` every 5 ms until it holds or `t` passes.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds t = 2s) {
  auto deadline = std::chrono::steady_clock::now() + t;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

}  // namespace sb::kernel::test
