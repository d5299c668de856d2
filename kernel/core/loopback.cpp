// SPDX-License-Identifier: Apache-2.0
// See loopback.hpp. Parsed, not matched by prefix: "::ffff:7f00:1" is 127.0.0.1 too, and a
// prefix test would take any text that happens to start with "127.".
#include "kernel/core/loopback.hpp"

#include <string>

#include <boost/asio/ip/address.hpp>

namespace sb::core {

bool is_loopback(std::string_view ip) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(ip), ec);
  if (ec) return false;
  if (a.is_v4()) return a.to_v4().is_loopback();
  auto v6 = a.to_v6();
  if (v6.scope_id() != 0) return false;
  if (v6.is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).is_loopback();
  return v6.is_loopback();
}

}  // namespace sb::core
