// SPDX-License-Identifier: Apache-2.0
// Metrics and refusal logging shared by all connections of a server.
#include "kernel/host/http/server_core.hpp"

#include <array>
#include <string>

namespace sb::kernel {

ServerCore::ServerCore(const ServerSettings& s, Logger& l, Metrics& m)
    : settings(s),
      log(l),
      metrics(m),
      per_address(s.max_connections_per_address),
      http_connections(m.gauge("sb_http_connections", "Open HTTP and WebSocket connections")),
      ws_connections(m.gauge("sb_ws_connections", "Open WebSocket connections")) {}

void ServerCore::count_request(std::string_view method, int status) {
  static constexpr std::array<std::string_view, 7> kKnown{"GET",  "POST",    "PUT",  "DELETE",
                                                          "HEAD", "OPTIONS", "PATCH"};
  std::string_view label = "other";
  for (auto k : kKnown)
    if (k == method) label = k;
  metrics
      .counter("sb_http_requests_total", "HTTP requests answered, by method and status",
               {{"method", std::string(label)}, {"status", std::to_string(status)}})
      .inc();
}

void ServerCore::refuse(std::string_view reason, std::string_view detail, bool warn) {
  metrics
      .counter("sb_http_refused_total", "Connections and requests refused, by reason",
               {{"reason", std::string(reason)}})
      .inc();
  json::object fields{{"reason", reason}, {"detail", detail}};
  if (warn)
    log.warn("http refused", fields);
  else
    log.debug("http refused", fields);
}

}  // namespace sb::kernel
