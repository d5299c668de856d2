// SPDX-License-Identifier: Apache-2.0
// Fuzzes the HTTP request path the kernel owns: bytes through Beast's parser with the
// server's limits (make_request_parser), then the framing check and the conversion to the
// SDK's request, as HttpSession does, for every request pipelined in the input.
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>

#include "kernel/host/http/messages.hpp"
#include "kernel/host/http/request_framing.hpp"

namespace {

namespace http = boost::beast::http;

const sb::kernel::ServerSettings& settings() {
  static const sb::kernel::ServerSettings s = [] {
    sb::kernel::ServerSettings t;
    t.max_header_bytes = 8 * 1024;
    t.max_body_bytes = 64 * 1024;  // the default is 1 MiB; smaller keeps runs fast
    return t;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::asio::const_buffer input(data, size);
  const boost::asio::ip::tcp::endpoint remote(boost::asio::ip::make_address("127.0.0.1"), 4000);
  for (int request = 0; request < 16 && input.size() > 0; ++request) {
    auto parser = sb::kernel::make_request_parser(settings());
    parser->eager(true);
    boost::beast::error_code ec;
    std::size_t used = 0;
    // Header first, as the session reads it; then the framing check; then the body.
    while (!parser->is_header_done() && input.size() > 0) {
      auto n = parser->put(input, ec);
      if (ec == http::error::need_more) break;
      if (ec) return 0;
      if (n == 0) break;
      input += n;
      used += n;
    }
    if (!parser->is_header_done()) return 0;
    if (auto bad = sb::kernel::check_framing(parser->get())) {
      if (bad->status != 400 && bad->status != 501) __builtin_trap();
      return 0;  // the session answers and closes
    }
    while (!parser->is_done() && input.size() > 0) {
      auto n = parser->put(input, ec);
      if (ec == http::error::need_more) break;
      if (ec) return 0;
      if (n == 0) break;
      input += n;
      used += n;
    }
    if (!parser->is_done()) {
      parser->put_eof(ec);
      if (ec || !parser->is_done()) return 0;
    }
    auto req = parser->release();
    if (req.body().size() > settings().max_body_bytes) __builtin_trap();  // past the limit
    sb::HttpRequest out;
    if (sb::kernel::to_sdk_request(req, remote, out)) {
      (void)out.query_param("cursor");
      (void)out.header("authorization");
    }
    if (!req.keep_alive() || used == 0) return 0;
  }
  return 0;
}
