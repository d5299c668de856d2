// SPDX-License-Identifier: Apache-2.0
// See cors.hpp.
#include "kernel/host/http/cors.hpp"

#include <algorithm>

namespace sb::kernel {

std::string cors_origin(const ServerSettings& settings, std::string_view origin) {
  if (origin.empty()) return {};
  auto& list = settings.cors_origins;
  return std::find(list.begin(), list.end(), origin) != list.end() ? std::string(origin)
                                                                   : std::string();
}

HttpResponse cors_preflight(const std::string& origin) {
  HttpResponse r;
  r.status = 204;
  add_cors_headers(r, origin);
  r.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
  r.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type");
  r.headers.emplace_back("Access-Control-Max-Age", "600");
  return r;
}

void add_cors_headers(HttpResponse& response, const std::string& origin) {
  response.headers.emplace_back("Access-Control-Allow-Origin", origin);
  response.headers.emplace_back("Vary", "Origin");
}

}  // namespace sb::kernel
