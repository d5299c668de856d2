// SPDX-License-Identifier: Apache-2.0
// See async_http.hpp: resolve, connect, write, read on a beast::tcp_stream with a deadline.
#include "async_http.hpp"

#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sb::client::detail {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

struct Op : std::enable_shared_from_this<Op> {
  Op(boost::asio::io_context& io, std::function<void(AsyncHttpResult)> done)
      : resolver(io), stream(io), done(std::move(done)) {}

  void run(const Endpoint& server) {
    stream.expires_after(timeout);
    resolver.async_resolve(
        server.host, server.port, [self = shared_from_this()](beast::error_code ec, auto results) {
          if (ec) return self->finish("cannot resolve: " + ec.message());
          self->stream.async_connect(results, [self](beast::error_code ec, auto) {
            if (ec) return self->finish("cannot connect: " + ec.message());
            self->write();
          });
        });
  }
  void write() {
    http::async_write(stream, req, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish("write failed: " + ec.message());
      http::async_read(self->stream, self->buffer, self->res,
                       [self](beast::error_code ec, std::size_t) {
                         if (ec) return self->finish("no answer: " + ec.message());
                         self->finish({});
                       });
    });
  }
  void finish(std::string error) {
    if (!done) return;
    auto cb = std::move(done);
    done = nullptr;
    beast::error_code ignored;
    stream.socket().close(ignored);
    AsyncHttpResult r;
    r.error = std::move(error);
    if (r.error.empty()) {
      r.status = res.result_int();
      r.body = std::move(res.body());
    }
    cb(std::move(r));
  }
  void cancel() {
    done = nullptr;
    beast::error_code ignored;
    resolver.cancel();
    stream.socket().close(ignored);
  }

  tcp::resolver resolver;
  beast::tcp_stream stream;
  std::chrono::milliseconds timeout{};
  http::request<http::string_body> req;
  http::response<http::string_body> res;
  beast::flat_buffer buffer;
  std::function<void(AsyncHttpResult)> done;
};

}  // namespace

std::function<void()> async_http(boost::asio::io_context& io, const Endpoint& server,
                                 std::string method, std::string target, std::string body,
                                 std::string bearer, std::chrono::milliseconds timeout,
                                 std::function<void(AsyncHttpResult)> done) {
  auto op = std::make_shared<Op>(io, std::move(done));
  op->timeout = timeout;
  op->req = {http::string_to_verb(method), target, 11};
  op->req.set(http::field::host, server.host_header());
  op->req.set(http::field::user_agent, "switchboard-client/1");
  op->req.keep_alive(false);
  if (!bearer.empty()) op->req.set(http::field::authorization, "Bearer " + bearer);
  if (method == "POST") {
    op->req.set(http::field::content_type, "application/json");
    op->req.body() = std::move(body);
    op->req.prepare_payload();
  }
  op->run(server);
  return [weak = std::weak_ptr<Op>(op)] {
    if (auto o = weak.lock()) o->cancel();
  };
}

}  // namespace sb::client::detail
