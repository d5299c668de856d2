// SPDX-License-Identifier: Apache-2.0
// See address_policy.hpp. IPv4-mapped IPv6 addresses are judged as the IPv4 address they
// carry, so ::ffff:127.0.0.1 is loopback too.
#include "kernel/host/net/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

namespace sb::kernel {
namespace {

std::string v4_reason(std::uint32_t a, const std::string& text) {
  auto in = [a](std::uint32_t net, int bits) {
    std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  if (in(0x7F000000, 8)) return text + " is a loopback address";
  if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16))
    return text + " is a private address";
  if (in(0xA9FE0000, 16)) return text + " is a link-local address";
  if (in(0x64400000, 10)) return text + " is a shared (CGNAT) address";
  if (in(0x00000000, 8)) return text + " is an unspecified address";
  if (in(0xE0000000, 4) || in(0xF0000000, 4)) return text + " is a multicast or reserved address";
  return {};
}

}  // namespace

std::string non_public_reason(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    return v4_reason(ntohl(v4->sin_addr.s_addr), text);
  }
  if (address->sa_family != AF_INET6) return "not an IP address";
  auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
  inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
  const auto* b = v6->sin6_addr.s6_addr;
  if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
    std::uint32_t a;
    std::memcpy(&a, b + 12, 4);
    return v4_reason(ntohl(a), text);
  }
  if (IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) return std::string(text) + " is a loopback address";
  if (IN6_IS_ADDR_UNSPECIFIED(&v6->sin6_addr))
    return std::string(text) + " is an unspecified address";
  if ((b[0] & 0xFE) == 0xFC) return std::string(text) + " is a unique-local address";
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return std::string(text) + " is a link-local address";
  if (b[0] == 0xFF) return std::string(text) + " is a multicast address";
  return {};
}

}  // namespace sb::kernel
