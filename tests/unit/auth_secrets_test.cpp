// SPDX-License-Identifier: Apache-2.0
// Login codes, ids, refresh tokens and the hashes they are stored under.
#include <gtest/gtest.h>

#include <set>

#include "kernel/core/phone.hpp"
#include "kernel/core/secrets.hpp"

namespace sb::core {
namespace {

TEST(AuthSecrets, LoginCodesAreSixDigitsAndVary) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto code = new_login_code();
    EXPECT_TRUE(is_login_code(code)) << code;
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 190u);  // 200 draws from a million: collisions are rare
}

TEST(AuthSecrets, IdsArePrefixedBase32) {
  auto u = new_id("u_");
  ASSERT_EQ(u.size(), 18u);
  EXPECT_EQ(u.substr(0, 2), "u_");
  for (char c : u.substr(2)) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << u;
  EXPECT_NE(new_id("d_"), new_id("d_"));
}

TEST(AuthSecrets, RefreshTokensAreBase64url) {
  auto t = new_refresh_token();
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(new_refresh_token(), t);
  EXPECT_EQ(base64url("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url("foobar"), "Zm9vYmFy");
}

TEST(AuthSecrets, Hashes) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(login_code_hash("+15550000001", "123456"), login_code_hash("+15550000001", "123456"));
  EXPECT_NE(login_code_hash("+15550000001", "123456"), login_code_hash("+15550000002", "123456"));
  EXPECT_NE(login_code_hash("+15550000001", "123456").find("123456"), 0u);
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

}  // namespace
}  // namespace sb::core
