// SPDX-License-Identifier: Apache-2.0
// See async_http.hpp: resolve, connect, (TLS handshake,) write, read on a beast::tcp_stream
// with a deadline that covers every step after the resolve.
#include "async_http.hpp"

#include <cctype>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "tls.hpp"

namespace sb::client::detail {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
template <class Stream>
struct Op : std::enable_shared_from_this<Op<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Op(boost::asio::io_context& io, Endpoint server, std::shared_ptr<ssl::context> tls,
     std::function<void(AsyncHttpResult)> done)
      : tls(std::move(tls)),
        resolver(io),
        stream(open_stream<Stream, kTls>(io, this->tls.get())),
        server(std::move(server)),
        done(std::move(done)) {}

  void run() {
    beast::get_lowest_layer(stream).expires_after(timeout);
    resolver.async_resolve(
        server.host, server.port,
        [self = this->shared_from_this()](beast::error_code ec, auto results) {
          if (ec) return self->finish("cannot resolve " + self->server.host + ": " + ec.message());
          beast::get_lowest_layer(self->stream)
              .async_connect(results, [self](beast::error_code ec, auto) {
                if (ec) return self->finish("cannot connect: " + ec.message(), ec);
                self->handshake();
              });
        });
  }
  void handshake() {
    if constexpr (kTls) {
      expect_server_name(stream.native_handle(), server.host);
      stream.async_handshake(
          ssl::stream_base::client, [self = this->shared_from_this()](beast::error_code ec) {
            if (ec)
              return self->finish(
                  describe_tls_failure(self->stream.native_handle(), ec, self->server), ec);
            self->write();
          });
    } else {
      write();
    }
  }
  void write() {
    http::async_write(stream, req,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->finish("write failed: " + ec.message(), ec);
                        // A HEAD answer names a Content-Length but carries no body.
                        self->parser.skip(self->req.method() == http::verb::head);
                        http::async_read(self->stream, self->buffer, self->parser,
                                         [self](beast::error_code ec, std::size_t) {
                                           if (ec)
                                             return self->finish("no answer: " + ec.message(), ec);
                                           self->finish({});
                                         });
                      });
  }
  void finish(std::string error, beast::error_code ec = {}) {
    if (!done) return;
    auto cb = std::move(done);
    done = nullptr;
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
    AsyncHttpResult r;
    r.error = std::move(error);
    r.timed_out = ec == beast::error::timeout;
    if (r.error.empty()) {
      auto res = parser.release();
      r.status = res.result_int();
      for (auto& field : res) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers.emplace_back(std::move(name), std::string(field.value()));
      }
      r.body = std::move(res.body());
    }
    cb(std::move(r));
  }
  void cancel() {
    done = nullptr;
    beast::error_code ignored;
    resolver.cancel();
    beast::get_lowest_layer(stream).socket().close(ignored);
  }

  std::shared_ptr<ssl::context> tls;  // outlives the stream that uses it
  tcp::resolver resolver;
  Stream stream;
  Endpoint server;
  std::chrono::milliseconds timeout{};
  http::request<http::string_body> req;
  http::response_parser<http::string_body> parser;
  beast::flat_buffer buffer;
  std::function<void(AsyncHttpResult)> done;
};

template <class O>
std::function<void()> start(std::shared_ptr<O> op, std::string method, std::string target,
                            std::string body, std::string bearer, std::chrono::milliseconds timeout,
                            HttpExtras extras) {
  op->timeout = timeout;
  op->req = {http::string_to_verb(method), target, 11};
  op->req.set(http::field::host, op->server.host_header());
  op->req.set(http::field::user_agent, "switchboard-client/1");
  op->req.keep_alive(false);
  if (!bearer.empty()) op->req.set(http::field::authorization, "Bearer " + bearer);
  for (auto& [name, value] : extras.headers) op->req.set(name, value);
  if (!body.empty() || method == "POST" || method == "PATCH") {
    op->req.set(http::field::content_type,
                extras.content_type.empty() ? "application/json" : extras.content_type);
    op->req.body() = std::move(body);
    op->req.prepare_payload();
  }
  op->run();
  return [weak = std::weak_ptr<O>(op)] {
    if (auto o = weak.lock()) o->cancel();
  };
}

}  // namespace

std::function<void()> async_http(boost::asio::io_context& io, const Endpoint& server,
                                 std::shared_ptr<ssl::context> tls, std::string method,
                                 std::string target, std::string body, std::string bearer,
                                 std::chrono::milliseconds timeout,
                                 std::function<void(AsyncHttpResult)> done, HttpExtras extras) {
  if (tls)
    return start(std::make_shared<Op<TlsStream>>(io, server, std::move(tls), std::move(done)),
                 std::move(method), std::move(target), std::move(body), std::move(bearer), timeout,
                 std::move(extras));
  return start(std::make_shared<Op<beast::tcp_stream>>(io, server, nullptr, std::move(done)),
               std::move(method), std::move(target), std::move(body), std::move(bearer), timeout,
               std::move(extras));
}

}  // namespace sb::client::detail
