// SPDX-License-Identifier: Apache-2.0
// Route matching: exact segments beat "{name}" beat a trailing "*"; a path that matches
// only under other methods answers 405 with the methods it does allow.
#include "kernel/host/http/router.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace sb::kernel {
namespace {

enum class SegKind : std::uint8_t { rest = 0, param = 1, exact = 2 };

struct Segment {
  SegKind kind;
  std::string text;  // the exact text, or the parameter name
};

struct Route {
  std::uint64_t id;
  std::string method;
  std::string pattern;
  std::vector<Segment> segments;
  std::shared_ptr<const HttpHandler> handler;
  std::shared_ptr<const StreamingRoute> streaming;
};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  if (out.size() == 1 && out.front().empty()) out.clear();  // "/" has no segments
  return out;
}

std::vector<Segment> parse_pattern(const std::string& pattern) {
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("route pattern \"" + pattern + "\" must start with '/'");
  std::vector<Segment> out;
  auto parts = split_path(pattern);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (p == "*") {
      if (i + 1 != parts.size())
        throw std::invalid_argument("route pattern \"" + pattern + "\": '*' must be last");
      out.push_back({SegKind::rest, "*"});
    } else if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
      if (p.size() == 2)
        throw std::invalid_argument("route pattern \"" + pattern + "\": empty {name}");
      out.push_back({SegKind::param, std::string(p.substr(1, p.size() - 2))});
    } else {
      out.push_back({SegKind::exact, decode_path(p)});
    }
  }
  return out;
}

// Two patterns are the same route when they differ only in parameter names.
bool same_shape(const std::vector<Segment>& a, const std::vector<Segment>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind) return false;
    if (a[i].kind == SegKind::exact && a[i].text != b[i].text) return false;
  }
  return true;
}

// On a match fills params and the per-segment ranks that order competing routes; a route
// that ends without '*' gets a final rank above all, so "/a" beats "/a/*" for "/a".
bool match_segments(const std::vector<Segment>& segs, const std::vector<std::string>& path,
                    std::vector<std::uint8_t>& ranks, std::map<std::string, std::string>& params) {
  ranks.clear();
  params.clear();
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    if (s.kind == SegKind::rest) {
      std::string rest;
      for (std::size_t j = i; j < path.size(); ++j) {
        if (j > i) rest += '/';
        rest += path[j];
      }
      params["*"] = std::move(rest);
      ranks.push_back(0);
      return true;
    }
    if (i >= path.size()) return false;
    if (s.kind == SegKind::exact) {
      if (s.text != path[i]) return false;
    } else {
      params[s.text] = path[i];
    }
    ranks.push_back(static_cast<std::uint8_t>(s.kind));
  }
  ranks.push_back(3);
  return segs.size() == path.size();
}

}  // namespace

std::string decode_path(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && detail::hex_value(s[i + 1]) >= 0 &&
        detail::hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(detail::hex_value(s[i + 1]) * 16 + detail::hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Router::Table {
  mutable std::shared_mutex mutex;
  std::uint64_t next_id = 1;
  std::vector<Route> routes;
  std::map<std::string, std::shared_ptr<const WebSocketEndpoint>, std::less<>> sockets;
};

Router::Router() : table_(std::make_shared<Table>()) {}

Subscription Router::route(std::string method, std::string pattern, HttpHandler handler) {
  if (!handler) throw std::invalid_argument("route " + method + " " + pattern + ": no handler");
  return add(std::move(method), std::move(pattern),
             std::make_shared<const HttpHandler>(std::move(handler)), nullptr);
}

Subscription Router::streaming_route(std::string method, std::string pattern,
                                     std::uint64_t max_body_bytes, HttpStreamingHandler handler) {
  if (!handler) throw std::invalid_argument("route " + method + " " + pattern + ": no handler");
  return add(
      std::move(method), std::move(pattern), nullptr,
      std::make_shared<const StreamingRoute>(StreamingRoute{max_body_bytes, std::move(handler)}));
}

Subscription Router::add(std::string method, std::string pattern,
                         std::shared_ptr<const HttpHandler> handler,
                         std::shared_ptr<const StreamingRoute> streaming) {
  if (method.empty()) throw std::invalid_argument("route " + pattern + ": empty method");
  Route r{0, std::move(method), std::move(pattern), {}, std::move(handler), std::move(streaming)};
  r.segments = parse_pattern(r.pattern);
  std::uint64_t id;
  {
    std::unique_lock lock(table_->mutex);
    for (const Route& other : table_->routes) {
      if (other.method == r.method && same_shape(other.segments, r.segments))
        throw std::invalid_argument("route " + r.method + " " + r.pattern +
                                    " is already registered as " + other.method + " " +
                                    other.pattern);
    }
    id = r.id = table_->next_id++;
    table_->routes.push_back(std::move(r));
  }
  return Subscription([weak = std::weak_ptr<Table>(table_), id] {
    if (auto t = weak.lock()) {
      std::unique_lock lock(t->mutex);
      std::erase_if(t->routes, [id](const Route& r) { return r.id == id; });
    }
  });
}

Subscription Router::websocket(std::string path, WebSocketOptions options,
                               WebSocketAcceptor acceptor) {
  if (path.empty() || path.front() != '/')
    throw std::invalid_argument("websocket path \"" + path + "\" must start with '/'");
  if (!acceptor) throw std::invalid_argument("websocket " + path + ": no acceptor");
  auto endpoint =
      std::make_shared<const WebSocketEndpoint>(WebSocketEndpoint{options, std::move(acceptor)});
  {
    std::unique_lock lock(table_->mutex);
    if (!table_->sockets.emplace(path, endpoint).second)
      throw std::invalid_argument("websocket " + path + " is already registered as " + path);
  }
  return Subscription([weak = std::weak_ptr<Table>(table_), path, endpoint] {
    if (auto t = weak.lock()) {
      std::unique_lock lock(t->mutex);
      auto it = t->sockets.find(path);
      if (it != t->sockets.end() && it->second == endpoint) t->sockets.erase(it);
    }
  });
}

RouteMatch Router::match(std::string_view method, std::string_view raw_path) const {
  std::vector<std::string> path;
  for (std::string_view seg : split_path(raw_path)) path.push_back(decode_path(seg));

  RouteMatch result;
  std::vector<std::uint8_t> best_ranks, ranks;
  std::map<std::string, std::string> params;
  std::vector<std::string_view> allowed;
  std::shared_lock lock(table_->mutex);
  for (const Route& r : table_->routes) {
    if (!match_segments(r.segments, path, ranks, params)) continue;
    if (r.method != method) {
      if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end())
        allowed.push_back(r.method);
      continue;
    }
    if (result.kind == RouteMatch::Kind::found &&
        !std::lexicographical_compare(best_ranks.begin(), best_ranks.end(), ranks.begin(),
                                      ranks.end()))
      continue;
    result.kind = RouteMatch::Kind::found;
    result.handler = r.handler;
    result.streaming = r.streaming;
    result.params = params;
    best_ranks = ranks;
  }
  if (result.kind != RouteMatch::Kind::found && !allowed.empty()) {
    result.kind = RouteMatch::Kind::method_not_allowed;
    std::sort(allowed.begin(), allowed.end());
    for (std::string_view m : allowed) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += m;
    }
  }
  return result;
}

std::shared_ptr<const WebSocketEndpoint> Router::find_websocket(std::string_view path) const {
  std::shared_lock lock(table_->mutex);
  auto it = table_->sockets.find(path);
  return it == table_->sockets.end() ? nullptr : it->second;
}

}  // namespace sb::kernel
