// SPDX-License-Identifier: Apache-2.0
// One asynchronous HTTP/1.1 request on a fresh connection (TLS when `tls` is given), bounded
// by a timeout, for the long-poll link and the blocking calls of http_api. The callback runs
// once on the I/O thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client::detail {

struct AsyncHttpResult {
  std::string error;       // empty when an answer came
  bool timed_out = false;  // the error is the timeout
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
};

// What a request carries beyond method, target and body.
struct HttpExtras {
  std::string content_type;  // default: application/json when there is a body or a POST
  std::vector<std::pair<std::string, std::string>> headers;
};

// Returns a cancel function: calling it aborts the request (the callback is not called).
// `tls` is made by make_tls_context for an https endpoint, null for plain HTTP.
std::function<void()> async_http(boost::asio::io_context& io, const Endpoint& server,
                                 std::shared_ptr<boost::asio::ssl::context> tls, std::string method,
                                 std::string target, std::string body, std::string bearer,
                                 std::chrono::milliseconds timeout,
                                 std::function<void(AsyncHttpResult)> done, HttpExtras extras = {});

}  // namespace sb::client::detail
