// SPDX-License-Identifier: Apache-2.0
// See request_framing.hpp.
#include "kernel/host/http/request_framing.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include <boost/beast/core/string.hpp>

namespace sb::kernel {

namespace http = boost::beast::http;

std::unique_ptr<RequestParser> make_request_parser(const ServerSettings& settings) {
  auto parser = std::make_unique<RequestParser>();
  parser->header_limit(
      static_cast<std::uint32_t>(std::min<std::size_t>(settings.max_header_bytes, UINT32_MAX)));
  parser->body_limit(settings.max_body_bytes);
  return parser;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Every coding of every Transfer-Encoding line, in order, without parameters (";q=..").
std::vector<std::string_view> codings(const http::request_header<>& header) {
  std::vector<std::string_view> out;
  auto [first, last] = header.equal_range(http::field::transfer_encoding);
  for (auto it = first; it != last; ++it) {
    std::string_view value = it->value();
    for (std::size_t start = 0; start <= value.size();) {
      auto comma = std::min(value.find(',', start), value.size());
      auto item = trim(value.substr(start, comma - start));
      item = trim(item.substr(0, item.find(';')));
      if (!item.empty()) out.push_back(item);
      start = comma + 1;
    }
  }
  return out;
}

}  // namespace

std::optional<FramingError> check_framing(const http::request_header<>& header) {
  if (header.find(http::field::transfer_encoding) == header.end()) return std::nullopt;
  if (header.find(http::field::content_length) != header.end())
    return FramingError{400, "Transfer-Encoding and Content-Length together are refused"};
  auto list = codings(header);
  if (list.empty() || !boost::beast::iequals(list.back(), "chunked"))
    return FramingError{400, "the last Transfer-Encoding must be chunked"};
  if (list.size() > 1)
    return FramingError{501, "only the chunked Transfer-Encoding is implemented"};
  return std::nullopt;
}

}  // namespace sb::kernel
