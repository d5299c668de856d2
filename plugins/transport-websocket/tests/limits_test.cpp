// SPDX-License-Identifier: Apache-2.0
// transport-websocket's pieces without a server: the per-address limit and the close codes.
#include <gtest/gtest.h>

#include "address_limit.hpp"
#include "close_codes.hpp"

namespace transport_websocket {
namespace {

TEST(WsAddressLimit, AddressOfStripsThePort) {
  EXPECT_EQ(AddressLimit::address_of("127.0.0.1:5555"), "127.0.0.1");
  EXPECT_EQ(AddressLimit::address_of("[::1]:5555"), "::1");
  EXPECT_EQ(AddressLimit::address_of("::1"), "::1");
  EXPECT_EQ(AddressLimit::address_of("host"), "host");
}

TEST(WsAddressLimit, CountsPerAddressAndReleases) {
  AddressLimit limit(2);
  EXPECT_TRUE(limit.acquire("a"));
  EXPECT_TRUE(limit.acquire("a"));
  EXPECT_FALSE(limit.acquire("a"));
  EXPECT_TRUE(limit.acquire("b"));
  limit.release("a");
  EXPECT_EQ(limit.count("a"), 1u);
  EXPECT_TRUE(limit.acquire("a"));
  limit.release("b");
  limit.release("b");  // one too many: harmless
  EXPECT_EQ(limit.count("b"), 0u);
}

TEST(WsAddressLimit, ZeroMeansNoLimit) {
  AddressLimit limit(0);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limit.acquire("a"));
}

TEST(WsCloseCodes, EachCoreReasonHasItsCode) {
  EXPECT_EQ(code_for_reason("unauthorized"), 4001);
  EXPECT_EQ(code_for_reason("auth_timeout"), 4002);
  EXPECT_EQ(code_for_reason("revoked"), 4003);
  EXPECT_EQ(code_for_reason("banned"), 4004);
  EXPECT_EQ(code_for_reason("shutdown"), 1012);
  EXPECT_EQ(code_for_reason("unavailable"), 1013);
  EXPECT_EQ(code_for_reason("slow_consumer"), 1008);
  EXPECT_EQ(code_for_reason(""), 1000);
  EXPECT_EQ(code_for_reason("something new"), 1008);
}

}  // namespace
}  // namespace transport_websocket
