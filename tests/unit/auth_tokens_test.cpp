// SPDX-License-Identifier: Apache-2.0
// Access tokens: round trip, expiry, tampering, another key, and the signing key kept in
// <data_dir>/jwt.key (mode 0600) across restarts.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "kernel/core/access_tokens.hpp"

namespace sb::core {
namespace {

namespace fs = std::filesystem;
constexpr std::int64_t kNow = 1'700'000'000;

struct TempDir {
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sb-auth-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
  std::string path;
};

TEST(AuthTokens, RoundTrip) {
  AccessTokens tokens(std::string(32, 'k'), std::chrono::seconds(900));
  auto jwt = tokens.issue({"u_a", "d_b"}, kNow);
  auto c = tokens.verify(jwt, kNow + 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->who, (Identity{"u_a", "d_b"}));
  EXPECT_EQ(c->issued_s, kNow);
  EXPECT_EQ(c->expires_s, kNow + 900);
  EXPECT_FALSE(c->jti.empty());
  EXPECT_NE(tokens.verify(tokens.issue({"u_a", "d_b"}, kNow), kNow)->jti, c->jti);
}

TEST(AuthTokens, Expires) {
  AccessTokens tokens(std::string(32, 'k'), std::chrono::seconds(900));
  auto jwt = tokens.issue({"u_a", "d_b"}, kNow);
  EXPECT_TRUE(tokens.verify(jwt, kNow + 899));
  EXPECT_FALSE(tokens.verify(jwt, kNow + 900));
  EXPECT_FALSE(tokens.verify(jwt, kNow + 100'000));
}

TEST(AuthTokens, RefusesTamperedForeignAndGarbage) {
  AccessTokens tokens(std::string(32, 'k'), std::chrono::seconds(900));
  auto jwt = tokens.issue({"u_a", "d_b"}, kNow);
  // Another payload under the same signature.
  auto first = jwt.find('.'), second = jwt.rfind('.');
  AccessTokens other(std::string(32, 'x'), std::chrono::seconds(900));
  auto forged = other.issue({"u_evil", "d_b"}, kNow);
  auto swapped = jwt.substr(0, first) +
                 forged.substr(forged.find('.'), forged.rfind('.') - forged.find('.')) +
                 jwt.substr(second);
  EXPECT_FALSE(tokens.verify(swapped, kNow));
  EXPECT_FALSE(tokens.verify(forged, kNow));
  // Flip a character inside the signature: the last one may only carry padding bits,
  // which base64url decoders ignore.
  auto flipped = jwt;
  auto& c = flipped[second + 5];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.verify(flipped, kNow));
  // alg "none" with no signature.
  EXPECT_FALSE(
      tokens.verify("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
                    "eyJzdWIiOiJ1X2EiLCJkZXYiOiJkX2IiLCJleHAiOjk5OTk5OTk5OTl9.",
                    kNow));
  for (const char* junk : {"", ".", "..", "a.b.c", "not a token", "\xff\xfe.\x01.\x02"})
    EXPECT_FALSE(tokens.verify(junk, kNow)) << junk;
}

TEST(AuthTokens, KeyIsCreatedPrivatelyAndReused) {
  TempDir dir;
  auto key = AccessTokens::load_or_create_key(dir.path);
  EXPECT_EQ(key.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat((dir.path + "/jwt.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(AccessTokens::load_or_create_key(dir.path), key);
  // A token from "before the restart" still verifies with the reloaded key.
  auto jwt = AccessTokens(key, std::chrono::seconds(60)).issue({"u_a", "d_b"}, kNow);
  AccessTokens restarted(AccessTokens::load_or_create_key(dir.path), std::chrono::seconds(60));
  EXPECT_TRUE(restarted.verify(jwt, kNow));
}

TEST(AuthTokens, RefusesAKeyFileOfTheWrongSize) {
  TempDir dir;
  std::ofstream(dir.path + "/jwt.key") << "short";
  try {
    AccessTokens::load_or_create_key(dir.path);
    ADD_FAILURE() << "accepted a short key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("jwt.key"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sb::core
