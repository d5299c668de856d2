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
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256("Jefe", "what do ya want for nothing?"),
            std::string("\x5b\xdc\xc1\x46\xbf\x60\x75\x4e\x6a\x04\x24\x26\x08\x95\x75\xc7"
                        "\x5a\x00\x3f\x08\x9d\x27\x39\x83\x9d\xec\x58\xb9\x64\xec\x38\x43",
                        32));
  auto key = login_code_key(std::string(32, 'k'));
  EXPECT_EQ(key.size(), 32u);
  EXPECT_NE(key, login_code_key(std::string(32, 'j')));
  auto h = login_code_hash(key, "+15550000001", "123456");
  EXPECT_EQ(h, login_code_hash(key, "+15550000001", "123456"));
  EXPECT_TRUE(h.starts_with("hmac-sha256:"));
  EXPECT_EQ(h.size(), 12u + 64u);
  EXPECT_NE(h, login_code_hash(key, "+15550000002", "123456"));
  EXPECT_NE(h, login_code_hash(login_code_key(std::string(32, 'j')), "+15550000001", "123456"));
  EXPECT_EQ(h.find("123456"), std::string::npos);
  EXPECT_FALSE(is_unkeyed_login_code_hash(h));
  EXPECT_TRUE(is_unkeyed_login_code_hash(sha256_hex("+15550000001:123456")));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

}  // namespace
}  // namespace sb::core
