// SPDX-License-Identifier: Apache-2.0
// sb.http.request's engine: checks the host against the allow-list, then runs the request
// (Poco's HTTP client, http and https) on a small pool of its own threads, with a timeout.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bot_api.hpp"
#include "work_queue.hpp"

namespace bots_lua {

struct HttpResult {
  int status = 0;  // 0 when there is no response
  std::string body;
  std::map<std::string, std::string> headers;
  std::string error;  // empty on a response (whatever its status)
};

class HttpFetcher {
 public:
  HttpFetcher(std::vector<std::string> allow, std::chrono::milliseconds max_timeout);
  ~HttpFetcher();

  // Throws std::runtime_error naming the problem: not http(s), or a host not allowed.
  void check(const HttpRequest& request) const;
  // Runs the (checked) request; `done` runs on a pool thread. False when the pool is full.
  bool submit(HttpRequest request, std::function<void(HttpResult)> done);
  void stop();

 private:
  bool allowed(const std::string& host) const;
  HttpResult fetch(const HttpRequest& request) const;

  std::vector<std::string> allow_;
  std::chrono::milliseconds max_timeout_;
  WorkQueue pool_;
};

}  // namespace bots_lua
