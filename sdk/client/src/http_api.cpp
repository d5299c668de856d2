// SPDX-License-Identifier: Apache-2.0
// Blocking HTTP/1.1 calls: the long-poll link's request on a private io_context, bounded by a
// deadline (see http_api.hpp).
#include <switchboard/client/http_api.hpp>

#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "async_http.hpp"
#include "tls.hpp"

namespace sb::client {

namespace json = boost::json;

HttpAnswer http_call(const Endpoint& server, std::string_view method, std::string_view target,
                     std::string_view body, std::string_view bearer,
                     std::chrono::milliseconds timeout) {
  return http_call(server, HttpCall{std::string(method),
                                    std::string(target),
                                    std::string(body),
                                    std::string(bearer),
                                    {},
                                    {},
                                    timeout});
}

HttpAnswer http_call(const Endpoint& server, const HttpCall& request) {
  boost::asio::io_context io;
  auto tls = server.tls ? detail::make_tls_context(server) : nullptr;
  std::optional<detail::AsyncHttpResult> result;
  auto cancel = detail::async_http(io, server, std::move(tls), request.method, request.target,
                                   request.body, request.bearer, request.timeout,
                                   [&](detail::AsyncHttpResult r) { result = std::move(r); },
                                   {request.content_type, request.headers});
  // The stream's deadline does not cover the resolver: this bounds it.
  io.run_for(request.timeout + std::chrono::seconds(1));
  if (!result) cancel();
  if (!result || result->timed_out)
    throw Error(ErrorKind::timeout, "timeout", "no answer from " + server.url() + " in time");
  if (!result->error.empty())
    throw Error(ErrorKind::unreachable, "unreachable", server.url() + ": " + result->error);
  return {result->status, std::move(result->body), std::move(result->headers)};
}

std::optional<std::string> HttpAnswer::header(std::string_view name) const {
  for (auto& [n, v] : headers)
    if (n == name) return v;
  return std::nullopt;
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
