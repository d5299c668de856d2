// SPDX-License-Identifier: Apache-2.0
// HTTP routes and WebSocket endpoints on the kernel's one event-driven server. Plugins
// (transports, admin, media, metrics) register here and share one port. No Beast or Asio
// type appears: requests and responses are plain structs.
//
// Threading: handlers run on the connection's I/O thread and must not block; a handler
// that needs to wait (long-poll, a store call) keeps the responder and answers later from
// any thread. A waiting request holds memory, never a thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <switchboard/json.hpp>
#include <switchboard/subscription.hpp>

namespace sb {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: path and query
  std::string path;    // decoded path, without the query
  std::string query;   // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;                 // "ip:port"
  std::map<std::string, std::string> params;  // from "{name}" segments of the route pattern

  // Case-insensitive header lookup; the first match.
  std::optional<std::string_view> header(std::string_view name) const;
  // A decoded query parameter; the first match.
  std::optional<std::string> query_param(std::string_view name) const;
  // The token of "Authorization: Bearer <token>", if present.
  std::optional<std::string_view> bearer_token() const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static HttpResponse with_json(int status, std::string body) {
    return {status, "application/json", {}, std::move(body)};
  }
  static HttpResponse with_text(int status, std::string body) {
    return {status, "text/plain; charset=utf-8", {}, std::move(body)};
  }
  // {"error":{"code":..,"message":..}}, the protocol's error shape.
  static HttpResponse error(int status, std::string_view code, std::string_view message);
};

// A response body produced piece by piece (a file download), so the server never holds it
// whole. Read on the connection's I/O thread, one call at a time, until size() bytes came.
class HttpBodySource {
 public:
  virtual ~HttpBodySource() = default;
  // The bytes this source gives: the response's Content-Length.
  virtual std::uint64_t size() const = 0;
  // Copies the next at most `max` bytes to `out` and returns how many; 0 before size()
  // bytes were given is a failure: the connection is closed (the client sees a short body).
  virtual std::size_t read(char* out, std::size_t max) = 0;
};

// Answers one request, once, from any thread. Answering a request whose client has gone is
// harmless (closed() tells). Dropping the last reference unanswered sends 500.
class HttpResponder {
 public:
  virtual ~HttpResponder() = default;
  virtual void respond(HttpResponse response) = 0;
  virtual bool closed() const = 0;
  // Answers with `head` (status, Content-Type, headers; its body is ignored) and a body
  // read from `source` as the client takes it. (SDK 1.13.)
  virtual void respond_stream(HttpResponse head, std::unique_ptr<HttpBodySource> source);
};

using HttpHandler = std::function<void(const HttpRequest&, std::shared_ptr<HttpResponder>)>;

// A request body handed to a streaming route piece by piece (an upload), so the server never
// holds it whole. Called on the connection's I/O thread, one call at a time.
class HttpBodySink {
 public:
  virtual ~HttpBodySink() = default;
  // The next piece of the body, in order. An error response refuses the rest: it is sent
  // and the connection closed.
  virtual std::optional<HttpResponse> write(std::string_view piece) = 0;
  // The whole body arrived: answer through the responder, now or later, from any thread.
  virtual void finish(std::shared_ptr<HttpResponder> responder) = 0;
  // The client went away, sent a malformed body, or let the body deadline pass before the
  // end. What write() accepted stays accepted (resumable uploads rely on it).
  virtual void abort() = 0;
};

// Decides on a streaming request once its header is read: a sink accepts the body, an
// HttpResponse refuses it (401, 413) before a byte of it is read.
struct HttpBodyAccept {
  std::unique_ptr<HttpBodySink> sink;
  HttpResponse refusal;  // used when sink is null
};
using HttpStreamingHandler = std::function<HttpBodyAccept(const HttpRequest&)>;

// One accepted WebSocket connection, as its handler sees it. All methods are thread-safe.
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  // Queues a text frame. Returns false (and closes with 1008 "send queue full") when the
  // queue would exceed the endpoint's max_send_queue_bytes: the consumer is too slow.
  virtual bool send_text(std::string text) = 0;
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual std::string remote_address() const = 0;
  virtual std::size_t queued_bytes() const = 0;
};

// Callbacks of one WebSocket connection, called on its I/O thread, one at a time.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  virtual void on_text(std::string_view text) = 0;
  virtual void on_binary(std::string_view) {}
  // Called once, whoever closed it; `code` is 1006 when the peer vanished.
  virtual void on_close(std::uint16_t code, std::string_view reason) = 0;
};

struct WebSocketOptions {
  std::size_t max_message_bytes = 64 * 1024;        // larger: close 1009
  std::size_t max_send_queue_bytes = 1024 * 1024;   // larger: close 1008, slow consumer
  std::chrono::milliseconds ping_interval{30'000};  // 0: none
  std::chrono::milliseconds idle_timeout{90'000};   // no frame (pong included) for this long: close
};

// Decides on an upgrade request: a handler accepts it, an HttpResponse refuses it
// (e.g. 401). Called on the I/O thread before the 101 is sent.
struct WebSocketAccept {
  std::unique_ptr<WebSocketHandler> handler;
  HttpResponse refusal;  // used when handler is null
};
using WebSocketAcceptor =
    std::function<WebSocketAccept(const HttpRequest&, std::shared_ptr<WebSocketConnection>)>;

class HttpRouter {
 public:
  virtual ~HttpRouter() = default;
  // `pattern` is an absolute path whose segments may be "{name}" (one segment, into
  // params) and whose last segment may be "*" (any rest). Registering the same method and
  // pattern twice throws std::invalid_argument naming both. Unregistered on destruction of
  // the returned handle.
  [[nodiscard]] virtual Subscription route(std::string method, std::string pattern,
                                           HttpHandler handler) = 0;
  [[nodiscard]] virtual Subscription websocket(std::string path, WebSocketOptions options,
                                               WebSocketAcceptor acceptor) = 0;
  // A route whose body is not buffered: `handler` sees the header (HttpRequest::body is
  // empty) and returns a sink for the body, of at most `max_body_bytes` (413 beyond; it
  // replaces [http] max_body_bytes for this route). The body deadline restarts with every
  // piece, so a long upload lives as long as it moves. Same patterns and clashes as
  // route(). (SDK 1.13.)
  [[nodiscard]] virtual Subscription streaming_route(std::string method, std::string pattern,
                                                     std::uint64_t max_body_bytes,
                                                     HttpStreamingHandler handler) = 0;
};

namespace detail {
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
// Decodes %XX and '+' (as in application/x-www-form-urlencoded); bad escapes stay as they are.
inline std::string url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}
}  // namespace detail

inline std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  for (auto& [k, v] : headers)
    if (detail::iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}

inline std::optional<std::string> HttpRequest::query_param(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    auto eq = pair.find('=');
    std::string key = detail::url_decode(pair.substr(0, eq));
    if (key == name)
      return eq == std::string_view::npos ? std::string() : detail::url_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

inline std::optional<std::string_view> HttpRequest::bearer_token() const {
  auto h = header("Authorization");
  if (!h || h->size() <= 7 || !detail::iequals(h->substr(0, 7), "Bearer ")) return std::nullopt;
  return h->substr(7);
}

// The fallback for responders that cannot stream: the body is read whole into memory.
inline void HttpResponder::respond_stream(HttpResponse head,
                                          std::unique_ptr<HttpBodySource> source) {
  std::string body(static_cast<std::size_t>(source->size()), '\0');
  std::size_t got = 0;
  while (got < body.size()) {
    auto n = source->read(body.data() + got, body.size() - got);
    if (n == 0) break;
    got += n;
  }
  body.resize(got);
  head.body = std::move(body);
  respond(std::move(head));
}

inline HttpResponse HttpResponse::error(int status, std::string_view code,
                                        std::string_view message) {
  json::object err{{"code", code}, {"message", message}};
  return with_json(status, json::serialize(json::object{{"error", std::move(err)}}));
}

}  // namespace sb
