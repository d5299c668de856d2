// SPDX-License-Identifier: Apache-2.0
// The loopback test behind POST /v1/admin/ban, /metrics and /readyz's details: the client
// addresses a socket reports (IPv4, IPv6, IPv4-mapped, as client_ip() strips them from
// "host:port") are loopback exactly when they are 127.0.0.0/8 or ::1, however spelt.
#include <gtest/gtest.h>

#include "kernel/core/auth_routes.hpp"
#include "kernel/core/loopback.hpp"

namespace sb::core {
namespace {

TEST(AdminLoopback, LoopbackAddressesInEverySpelling) {
  for (const char* ip : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "0:0:0:0:0:0:0:1",
                         "::ffff:127.0.0.1", "::FFFF:127.1.2.3", "::ffff:7f00:1"})
    EXPECT_TRUE(is_loopback(ip)) << ip;
}

TEST(AdminLoopback, EverythingElseIsNot) {
  for (const char* ip :
       {"10.0.0.1", "192.0.2.2", "0.0.0.0", "128.0.0.1", "126.255.255.255", "::", "::2", "fd00::1",
        "fe80::1", "fe80::1%1", "::ffff:10.0.0.1", "::ffff:192.0.2.2",
        // Deprecated IPv4-compatible form: not how a socket reports 127.0.0.1.
        "::127.0.0.1", "2001:db8::127.0.0.1",
        // Not addresses at all, though a prefix test would pass some of them.
        "", "127.", "127.0.0.1.evil", "127.0.0.1:80", "localhost", "[::1]", "::1 ", " 127.0.0.1"})
    EXPECT_FALSE(is_loopback(ip)) << ip;
}

TEST(AdminLoopback, FromTheRemoteAddressesTheServerReports) {
  EXPECT_TRUE(is_loopback(client_ip("127.0.0.1:54321")));
  EXPECT_TRUE(is_loopback(client_ip("[::1]:54321")));
  EXPECT_TRUE(is_loopback(client_ip("[::ffff:127.0.0.1]:54321")));
  EXPECT_FALSE(is_loopback(client_ip("192.0.2.2:54321")));
  EXPECT_FALSE(is_loopback(client_ip("[2001:db8::1]:54321")));
  EXPECT_FALSE(is_loopback(client_ip("[::ffff:192.0.2.2]:54321")));
}

}  // namespace
}  // namespace sb::core
