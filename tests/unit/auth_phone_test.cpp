// SPDX-License-Identifier: Apache-2.0
// Phone numbers (E.164) and login code shapes, as a table of accepted and refused inputs.
#include <gtest/gtest.h>

#include "kernel/core/phone.hpp"

namespace sb::core {
namespace {

TEST(AuthPhone, E164Table) {
  struct Case {
    const char* phone;
    bool ok;
  };
  const Case cases[] = {
      {"+15551230001", true},
      {"+12345678", true},           // 8 digits, the shortest
      {"+123456789012345", true},    // 15 digits, the longest
      {"+1234567", false},           // 7 digits
      {"+1234567890123456", false},  // 16 digits
      {"+05551230001", false},       // leading 0
      {"15551230001", false},        // no '+'
      {"++15551230001", false},
      {"+1555123000a", false},
      {"+1 555 123 0001", false},
      {"+1-555-123-0001", false},
      {"", false},
      {"+", false},
      {" +15551230001", false},
      {"+15551230001\n", false},
      {"+٣٣٣٣٣٣٣٣٣", false},  // non-ASCII digits
  };
  for (auto& c : cases) EXPECT_EQ(is_e164(c.phone), c.ok) << c.phone;
}

TEST(AuthPhone, LoginCodeShape) {
  EXPECT_TRUE(is_login_code("000000"));
  EXPECT_TRUE(is_login_code("123456"));
  EXPECT_FALSE(is_login_code("12345"));
  EXPECT_FALSE(is_login_code("1234567"));
  EXPECT_FALSE(is_login_code("12345a"));
  EXPECT_FALSE(is_login_code(" 12345"));
  EXPECT_FALSE(is_login_code(""));
}

}  // namespace
}  // namespace sb::core
