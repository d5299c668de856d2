// SPDX-License-Identifier: Apache-2.0
// How a request's body is framed, checked once its header is in: the request parser with the
// server's limits, and the Transfer-Encoding cases Beast lets through (RFC 9112 §6.3).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// A parser that holds the server's header and body limits; the session and the HTTP fuzz
// target both read requests through it.
std::unique_ptr<RequestParser> make_request_parser(const ServerSettings& settings);

struct FramingError {
  int status;  // 400, or 501 for a transfer coding the server does not implement
  std::string message;
};

// Nullopt when the body's length is unambiguous. A Transfer-Encoding whose last coding is not
// `chunked`, or one sent together with Content-Length, leaves the length open to two readings
// (one for us, another for a proxy in front): request smuggling. The server answers such a
// request with the error and closes the connection.
std::optional<FramingError> check_framing(const boost::beast::http::request_header<>& header);

}  // namespace sb::kernel
