// SPDX-License-Identifier: Apache-2.0
// What every connection of one HttpServer shares: settings, routes, logging, metrics and,
// when TLS is on, the OpenSSL context. Lives as long as the server.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string_view>

#include <boost/asio/ssl/context.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>

#include "kernel/host/http/address_limit.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/settings.hpp"

namespace sb::kernel {

struct ServerCore {
  ServerCore(const ServerSettings& s, Logger& l, Metrics& m);

  // Counts a finished request; methods outside the common set share one label so a client
  // cannot grow the metric without bound.
  void count_request(std::string_view method, int status);
  // Counts and logs a connection or request the server turned away.
  void refuse(std::string_view reason, std::string_view detail, bool warn = false);

  ServerSettings settings;
  Logger& log;
  Metrics& metrics;
  Router router;
  std::unique_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  std::atomic<std::size_t> connections{0};
  AddressLimit per_address;  // plain-HTTP connections per client address
  Gauge& http_connections;
  Gauge& ws_connections;
};

}  // namespace sb::kernel
