// SPDX-License-Identifier: Apache-2.0
// See address_policy.hpp. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are judged as the
// IPv4 address they carry, or ::ffff:127.0.0.1 would slip through as "IPv6".
#include "address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

namespace webpush {

namespace {

std::optional<std::string> judge_v4(std::uint32_t a, const std::string& text) {
  auto in = [&](std::uint32_t net, int bits) {
    std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
    return (a & mask) == net;
  };
  const char* what = nullptr;
  if (in(0x00000000, 8))
    what = "an unspecified (0.0.0.0/8)";
  else if (in(0x7f000000, 8))
    what = "a loopback";
  else if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16))
    what = "a private";
  else if (in(0xa9fe0000, 16))
    what = "a link-local";
  else if (in(0x64400000, 10))
    what = "a shared (CGNAT, 100.64.0.0/10)";
  else if (in(0xe0000000, 4))
    what = "a multicast";
  else if (in(0xf0000000, 4))
    what = "a reserved (240.0.0.0/4)";
  if (!what) return std::nullopt;
  return text + " is " + what + " address; push endpoints must be public";
}

}  // namespace

std::optional<std::string> non_public_reason(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address->sa_family == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    return judge_v4(ntohl(v4->sin_addr.s_addr), text);
  }
  if (address->sa_family != AF_INET6) return std::string("not an IP address");
  auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
  const std::uint8_t* b = v6->sin6_addr.s6_addr;
  inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
  std::string t = text;
  if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
    std::uint32_t a;
    std::memcpy(&a, b + 12, 4);
    return judge_v4(ntohl(a), t);
  }
  const char* what = nullptr;
  if (IN6_IS_ADDR_UNSPECIFIED(&v6->sin6_addr))
    what = "an unspecified";
  else if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr))
    what = "a loopback";
  else if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
    what = "a link-local";
  else if ((b[0] & 0xfe) == 0xfc)
    what = "a unique-local (private)";
  else if (b[0] == 0xff)
    what = "a multicast";
  else if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
    what = "a site-local (private)";
  if (!what) return std::nullopt;
  return t + " is " + what + " address; push endpoints must be public";
}

}  // namespace webpush
