// SPDX-License-Identifier: Apache-2.0
// RFC 8291 Appendix A, reproduced byte for byte with the RFC's salt and sender key injected,
// and the properties every fresh encryption must have.
#include <gtest/gtest.h>

#include <switchboard/base64url.hpp>

#include "aes128gcm.hpp"

namespace webpush {
namespace {

std::string b64(std::string_view s) {
  auto d = sb::base64url_decode(s);
  EXPECT_TRUE(d) << s;
  return d.value_or("");
}

constexpr char kPlaintext[] = "When I grow up, I want to be a watermelon";
constexpr char kAsPrivate[] = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
constexpr char kAsPublic[] =
    "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
constexpr char kUaPublic[] =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr char kSalt[] = "DGv6ra1nlYgDCS1FRnbzlw";
constexpr char kAuth[] = "BTBZMqHH6r4Tts7J_aSIgg";
constexpr char kBody[] =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS"
    "6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_"
    "Qulcy4a-fN";

TEST(Aes128gcm, ReproducesRfc8291AppendixAByteForByte) {
  Key sender = p256_from_private(b64(kAsPrivate));
  ASSERT_EQ(sb::base64url_encode(public_point(sender)), kAsPublic);
  Key ua = p256_from_public(b64(kUaPublic));
  ASSERT_TRUE(ua);
  std::string body = encrypt_aes128gcm(kPlaintext, ua, b64(kAuth), sender, b64(kSalt));
  EXPECT_EQ(sb::base64url_encode(body), kBody);
}

TEST(Aes128gcm, FreshEncryptionsDifferAndCarryTheHeader) {
  Key ua = p256_from_public(b64(kUaPublic));
  std::string a = encrypt_aes128gcm(kPlaintext, ua, b64(kAuth));
  std::string b = encrypt_aes128gcm(kPlaintext, ua, b64(kAuth));
  EXPECT_NE(a, b) << "salt and sender key must be fresh per message";
  // salt(16) rs(4) idlen(1) keyid(65) ciphertext(plaintext + delimiter) tag(16)
  ASSERT_EQ(a.size(), 16 + 4 + 1 + 65 + sizeof(kPlaintext) - 1 + 1 + 16);
  EXPECT_EQ(a.substr(16, 4), std::string("\x00\x00\x10\x00", 4));
  EXPECT_EQ(a[20], 65);
  EXPECT_EQ(a[21], 0x04);
  EXPECT_NE(a.substr(21, 65), public_point(ua));
}

TEST(Aes128gcm, RefusesBadSizes) {
  Key ua = p256_from_public(b64(kUaPublic));
  EXPECT_THROW(encrypt_aes128gcm("x", ua, "short"), std::invalid_argument);
  EXPECT_THROW(encrypt_aes128gcm(std::string(kMaxPlaintext + 1, 'x'), ua, b64(kAuth)),
               std::invalid_argument);
  EXPECT_NO_THROW(encrypt_aes128gcm(std::string(kMaxPlaintext, 'x'), ua, b64(kAuth)));
}

TEST(Base64url, RoundTripsAndIsStrict) {
  for (std::string s : {"", "a", "ab", "abc", "abcd", "\xff\xfe\x00\x01"}) {
    auto back = sb::base64url_decode(sb::base64url_encode(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(sb::base64url_encode("\xfb\xff"), "-_8");
  EXPECT_FALSE(sb::base64url_decode("ab+c"));    // standard base64, not url-safe
  EXPECT_FALSE(sb::base64url_decode("abcde"));   // no encoding has this length
  EXPECT_FALSE(sb::base64url_decode("AB"));      // stray bits in the last character
  EXPECT_EQ(sb::base64url_decode("QQ=="), "A");  // padding tolerated
}

}  // namespace
}  // namespace webpush
