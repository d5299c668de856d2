// SPDX-License-Identifier: Apache-2.0
// Conversions between Beast's HTTP messages and the SDK's plain HttpRequest/HttpResponse,
// and the error responses the server itself sends.
#pragma once

#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <switchboard/http.hpp>

namespace sb::kernel {

namespace http = boost::beast::http;
using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

std::string endpoint_string(const boost::asio::ip::tcp::endpoint& ep);

// Fills an HttpRequest, moving the body out of `in` (the rest stays for a WebSocket
// handshake); false if the target is not an origin-form path ("/..."): the server says 400.
bool to_sdk_request(BeastRequest& in, const boost::asio::ip::tcp::endpoint& remote,
                    HttpRequest& out);

// Header values with CR or LF are dropped: a handler must not be able to split a response.
BeastResponse to_beast_response(HttpResponse&& in, unsigned version, bool keep_alive);
// The same for the status and headers alone (a streamed response's head).
void set_head(const HttpResponse& in, http::response_header<>& out);

// A raw "HTTP/1.1 <status>" response with the protocol's error body, for refusals written
// before any session exists (503 at max_connections).
std::string raw_error_response(int status, std::string_view code, std::string_view message);

}  // namespace sb::kernel
