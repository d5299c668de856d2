// SPDX-License-Identifier: Apache-2.0
// One asynchronous HTTP/1.1 request on a fresh connection, bounded by a timeout, for the
// long-poll link. The callback runs once on the I/O thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client::detail {

struct AsyncHttpResult {
  std::string error;  // empty when an answer came
  int status = 0;
  std::string body;
};

// Returns a cancel function: calling it aborts the request (the callback is not called).
std::function<void()> async_http(boost::asio::io_context& io, const Endpoint& server,
                                 std::string method, std::string target, std::string body,
                                 std::string bearer, std::chrono::milliseconds timeout,
                                 std::function<void(AsyncHttpResult)> done);

}  // namespace sb::client::detail
