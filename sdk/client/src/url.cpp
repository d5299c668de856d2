// SPDX-License-Identifier: Apache-2.0
// Parsing the --server URL (see url.hpp).
#include <switchboard/client/error.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client {

std::string Endpoint::url() const {
  bool v6 = host.find(':') != std::string::npos;
  return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" + port;
}

Endpoint parse_server_url(std::string_view url) {
  std::string_view rest = url;
  Endpoint e;
  for (auto [scheme, tls] : {std::pair{"https://", true}, std::pair{"wss://", true},
                             std::pair{"http://", false}, std::pair{"ws://", false}})
    if (rest.starts_with(scheme)) {
      rest.remove_prefix(std::string_view(scheme).size());
      e.tls = tls;
      break;
    }
  if (rest.find("://") != std::string_view::npos)
    throw Error(ErrorKind::protocol, "bad_url",
                "unknown scheme (http, https, ws or wss): " + std::string(url));
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/")
      throw Error(ErrorKind::protocol, "bad_url", "a server URL has no path: " + std::string(url));
    rest = rest.substr(0, slash);
  }
  std::string_view host = rest, port = e.tls ? "443" : "80";
  if (rest.starts_with('[')) {  // [v6]:port
    auto close = rest.find(']');
    if (close == std::string_view::npos)
      throw Error(ErrorKind::protocol, "bad_url", "bad server URL: " + std::string(url));
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
  } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.empty() || port.empty() || port.find_first_not_of("0123456789") != port.npos)
    throw Error(ErrorKind::protocol, "bad_url", "bad server URL: " + std::string(url));
  e.host = std::string(host);
  e.port = std::string(port);
  return e;
}

}  // namespace sb::client
