// SPDX-License-Identifier: Apache-2.0
// Parsing the --server URL (see url.hpp).
#include <switchboard/client/error.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client {

Endpoint parse_server_url(std::string_view url) {
  std::string_view rest = url;
  if (rest.starts_with("https://"))
    throw Error(ErrorKind::protocol, "bad_url", "https is not supported by this client");
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/")
      throw Error(ErrorKind::protocol, "bad_url", "a server URL has no path: " + std::string(url));
    rest = rest.substr(0, slash);
  }
  Endpoint e;
  std::string_view host = rest, port = "80";
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
