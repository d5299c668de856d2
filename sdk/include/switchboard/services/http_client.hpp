// SPDX-License-Identifier: Apache-2.0
// HttpClient: outgoing HTTP/1.1 and HTTP/2 requests for plugins (push services, SMS
// gateways), provided by the kernel (instance "kernel"). One thread drives every request;
// connections are kept and reused per host. Redirects are never followed.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb {

struct HttpClientRequest {
  std::string method = "POST";
  std::string url{};  // http:// or https:// only
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::int64_t timeout_ms = 10000;  // the whole exchange, connect included
  bool http2 = false;               // speak HTTP/2 (APNs needs it); HTTP/1.1 otherwise
  // False for URLs that users supply (Web Push endpoints): a connection to a loopback,
  // private, link-local, unique-local or unspecified address is refused, whatever the name
  // resolved to.
  bool allow_private = true;
  std::string ca_file{};  // a PEM bundle to trust instead of the system store (test stubs)
};

struct HttpClientResponse {
  int status = 0;                                              // 0: no response; `error` says why
  std::vector<std::pair<std::string, std::string>> headers{};  // names in lower case
  std::string body{};
  std::string error{};
  double seconds = 0;  // from the start of the request to the end of the response

  // The first header with this (lower-case) name, or "".
  std::string header(std::string_view name) const {
    for (auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  }
};

class HttpClient {
 public:
  static constexpr std::string_view service_name = "http-client";
  virtual ~HttpClient() = default;
  // Starts the request and returns at once. `done` runs exactly once, on the client's
  // thread: keep it short and never block in it. After the kernel stops the client, new
  // requests answer at once with status 0 and error "stopped".
  virtual void request(HttpClientRequest request, std::function<void(HttpClientResponse)> done) = 0;
};

}  // namespace sb
