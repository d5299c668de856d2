// SPDX-License-Identifier: Apache-2.0
// The kernel's route table: method + path patterns for HTTP handlers, exact paths for
// WebSocket endpoints. Thread-safe; plugins add and remove routes while requests flow.
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/http.hpp>

namespace sb::kernel {

struct WebSocketEndpoint {
  WebSocketOptions options;
  WebSocketAcceptor acceptor;
};

struct StreamingRoute {
  std::uint64_t max_body_bytes;
  HttpStreamingHandler handler;
};

struct RouteMatch {
  enum class Kind { found, not_found, method_not_allowed };
  Kind kind = Kind::not_found;
  std::shared_ptr<const HttpHandler> handler;       // a buffered route, or
  std::shared_ptr<const StreamingRoute> streaming;  // a streaming one
  std::map<std::string, std::string> params;
  std::string allow;  // for method_not_allowed: "GET, POST"
};

class Router final : public HttpRouter {
 public:
  Router();
  Subscription route(std::string method, std::string pattern, HttpHandler handler) override;
  Subscription websocket(std::string path, WebSocketOptions options,
                         WebSocketAcceptor acceptor) override;
  Subscription streaming_route(std::string method, std::string pattern,
                               std::uint64_t max_body_bytes, HttpStreamingHandler handler) override;

  // `raw_path` is the target's path before percent-decoding, so that "%2F" stays inside its
  // segment.
  RouteMatch match(std::string_view method, std::string_view raw_path) const;
  std::shared_ptr<const WebSocketEndpoint> find_websocket(std::string_view path) const;

 private:
  struct Table;
  Subscription add(std::string method, std::string pattern,
                   std::shared_ptr<const HttpHandler> handler,
                   std::shared_ptr<const StreamingRoute> streaming);
  std::shared_ptr<Table> table_;  // shared with the Subscriptions, which may outlive us
};

// Percent-decodes a path ('+' stays '+', unlike in a query); bad escapes stay as they are.
std::string decode_path(std::string_view raw);

}  // namespace sb::kernel
