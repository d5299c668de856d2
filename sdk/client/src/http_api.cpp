// SPDX-License-Identifier: Apache-2.0
// Blocking HTTP/1.1 calls on a private io_context, bounded by a deadline (see http_api.hpp).
#include <switchboard/client/http_api.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace sb::client {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = boost::asio::ip::tcp;

HttpAnswer http_call(const Endpoint& server, std::string_view method, std::string_view target,
                     std::string_view body, std::string_view bearer,
                     std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, server.host_header());
  req.set(http::field::user_agent, "switchboard-client/1");
  if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + std::string(bearer));
  if (!body.empty() || method == "POST") {
    req.set(http::field::content_type, "application/json");
    req.body() = std::string(body);
    req.prepare_payload();
  }
  http::response<http::string_body> res;
  beast::flat_buffer buffer;
  beast::error_code failure;
  bool connected = false;
  stream.expires_after(timeout);
  tcp::resolver resolver(io);
  resolver.async_resolve(server.host, server.port, [&](beast::error_code ec, auto results) {
    if (ec) return void(failure = ec);
    stream.async_connect(results, [&](beast::error_code ec, auto) {
      if (ec) return void(failure = ec);
      connected = true;
      http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) return void(failure = ec);
        http::async_read(stream, buffer, res,
                         [&](beast::error_code ec, std::size_t) { failure = ec; });
      });
    });
  });
  io.run_for(timeout + std::chrono::seconds(1));
  std::string where = server.host_header();
  if (failure == beast::error::timeout || (!io.stopped()))
    throw Error(ErrorKind::timeout, "timeout", "no answer from " + where + " in time");
  if (failure)
    throw Error(
        ErrorKind::unreachable, "unreachable",
        (connected ? "connection to " : "cannot connect to ") + where + ": " + failure.message());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return {static_cast<int>(res.result_int()), std::move(res.body())};
}

void throw_unless_ok(const HttpAnswer& answer) {
  if (answer.status >= 200 && answer.status < 300) return;
  std::string code = "http_" + std::to_string(answer.status), message = answer.body;
  boost::system::error_code ec;
  auto v = json::parse(answer.body, ec);
  if (!ec && v.is_object())
    if (auto* err = v.as_object().if_contains("error"); err && err->is_object()) {
      auto& e = err->get_object();
      if (auto* c = e.if_contains("code"); c && c->is_string()) code = c->get_string();
      if (auto* m = e.if_contains("message"); m && m->is_string()) message = m->get_string();
    }
  throw Error(ErrorKind::refused, code, message, answer.status);
}

namespace {

std::string text(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string())
    throw Error(ErrorKind::protocol, "bad_answer", "the answer has no " + std::string(key));
  return std::string(v->get_string());
}

Tokens parse_tokens(const HttpAnswer& answer) {
  throw_unless_ok(answer);
  boost::system::error_code ec;
  auto v = json::parse(answer.body, ec);
  if (ec || !v.is_object()) throw Error(ErrorKind::protocol, "bad_answer", "not a JSON object");
  auto& o = v.as_object();
  Tokens t{text(o, "user_id"), text(o, "device_id"), text(o, "access_token"),
           text(o, "refresh_token"), 0};
  if (auto* e = o.if_contains("expires_in"); e && e->is_int64()) t.expires_in = e->get_int64();
  return t;
}

}  // namespace

void AuthApi::request_code(const std::string& phone) {
  throw_unless_ok(http_call(server_, "POST", "/v1/auth/request-code",
                            json::serialize(json::object{{"phone", phone}})));
}

Tokens AuthApi::verify(const std::string& phone, const std::string& code,
                       const std::string& device_name) {
  json::object body{{"phone", phone}, {"code", code}};
  if (!device_name.empty()) body["device_name"] = device_name;
  return parse_tokens(http_call(server_, "POST", "/v1/auth/verify", json::serialize(body)));
}

Tokens AuthApi::refresh(const std::string& refresh_token) {
  return parse_tokens(http_call(server_, "POST", "/v1/auth/refresh",
                                json::serialize(json::object{{"refresh_token", refresh_token}})));
}

}  // namespace sb::client
