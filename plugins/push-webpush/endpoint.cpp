// SPDX-License-Identifier: Apache-2.0
// See endpoint.hpp. Boost.URL does the parsing: one well-tested grammar rather than ours.
#include "endpoint.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>

namespace webpush {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

}  // namespace

std::variant<Endpoint, std::string> parse_endpoint(std::string_view url) {
  if (url.empty()) return std::string("endpoint: missing");
  if (url.size() > kMaxEndpointBytes)
    return "endpoint: " + std::to_string(url.size()) + " bytes, more than the limit of " +
           std::to_string(kMaxEndpointBytes);
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "endpoint: not an absolute URL (" + parsed.error().message() + ")";
  auto u = *parsed;
  Endpoint e;
  e.scheme = lower(std::string(u.scheme()));
  if (e.scheme != "https" && e.scheme != "http")
    return "endpoint: scheme \"" + e.scheme + "\" is not allowed; use https (or http)";
  if (!u.has_authority() || u.encoded_host().empty()) return std::string("endpoint: no host");
  if (u.has_userinfo()) return std::string("endpoint: user information is not allowed");
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6: e.host = lower(std::string(u.host_address())); break;
    case boost::urls::host_type::name: e.host = lower(u.host()); break;
    default:
      return std::string("endpoint: unsupported host \"") + std::string(u.encoded_host()) + "\"";
  }
  std::string authority = lower(std::string(u.encoded_host()));
  if (u.has_port()) {
    if (u.port().empty() || u.port_number() == 0)
      return "endpoint: bad port \"" + std::string(u.port()) + "\"";
    bool default_port = (e.scheme == "https" && u.port_number() == 443) ||
                        (e.scheme == "http" && u.port_number() == 80);
    if (!default_port) authority += ":" + std::to_string(u.port_number());
  }
  e.origin = e.scheme + "://" + authority;
  return e;
}

}  // namespace webpush
