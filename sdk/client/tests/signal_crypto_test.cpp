// SPDX-License-Identifier: Apache-2.0
// The OpenSSL crypto provider against published test vectors (RFC 4231 HMAC-SHA256, FIPS
// 180 SHA-512, NIST SP 800-38A AES-CBC and AES-CTR), and its refusals.
#include <gtest/gtest.h>

#include <string>

#include "../src/signal_context.hpp"
#include "../src/signal_crypto.hpp"

namespace sb::client::detail {
namespace {

std::string hex(const signal_buffer* b) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes_of(b)) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i < h.size(); i += 2)
    out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

const uint8_t* u8(const std::string& s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

class Crypto : public ::testing::Test {
 protected:
  signal_crypto_provider p = openssl_crypto_provider();
};

TEST_F(Crypto, HmacSha256MatchesRfc4231) {
  void* ctx = nullptr;
  std::string key = "Jefe", data = "what do ya want for nothing?";
  ASSERT_EQ(p.hmac_sha256_init_func(&ctx, u8(key), key.size(), nullptr), 0);
  // In two pieces: update is called once per field by libsignal.
  ASSERT_EQ(p.hmac_sha256_update_func(ctx, u8(data), 10, nullptr), 0);
  ASSERT_EQ(p.hmac_sha256_update_func(ctx, u8(data) + 10, data.size() - 10, nullptr), 0);
  signal_buffer* out = nullptr;
  ASSERT_EQ(p.hmac_sha256_final_func(ctx, &out, nullptr), 0);
  Buffer holder(out);
  p.hmac_sha256_cleanup_func(ctx, nullptr);
  EXPECT_EQ(hex(out), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_F(Crypto, Sha512MatchesFips180AndTheContextIsReusableAfterFinal) {
  void* ctx = nullptr;
  ASSERT_EQ(p.sha512_digest_init_func(&ctx, nullptr), 0);
  const std::string expected =
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
      "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
  // libsignal's fingerprint hashes thousands of times with one context.
  for (int round = 0; round < 2; ++round) {
    ASSERT_EQ(p.sha512_digest_update_func(ctx, u8(std::string("abc")), 3, nullptr), 0);
    signal_buffer* out = nullptr;
    ASSERT_EQ(p.sha512_digest_final_func(ctx, &out, nullptr), 0);
    Buffer holder(out);
    EXPECT_EQ(hex(out), expected) << "round " << round;
  }
  p.sha512_digest_cleanup_func(ctx, nullptr);
}

const std::string kKey = unhex("2b7e151628aed2a6abf7158809cf4f3c");
const std::string kBlock = unhex("6bc1bee22e409f96e93d7e117393172a");

TEST_F(Crypto, AesCbcMatchesSp80038aAndPadsPkcs5) {
  auto iv = unhex("000102030405060708090a0b0c0d0e0f");
  signal_buffer* out = nullptr;
  ASSERT_EQ(p.encrypt_func(&out, SG_CIPHER_AES_CBC_PKCS5, u8(kKey), kKey.size(), u8(iv), iv.size(),
                           u8(kBlock), kBlock.size(), nullptr),
            0);
  Buffer holder(out);
  ASSERT_EQ(signal_buffer_len(out), 32u);  // one block and one of padding
  EXPECT_EQ(hex(out).substr(0, 32), "7649abac8119b246cee98e9b12e9197d");
  signal_buffer* back = nullptr;
  ASSERT_EQ(p.decrypt_func(&back, SG_CIPHER_AES_CBC_PKCS5, u8(kKey), kKey.size(), u8(iv), iv.size(),
                           signal_buffer_const_data(out), 32, nullptr),
            0);
  Buffer back_holder(back);
  EXPECT_EQ(bytes_of(back), kBlock);
}

TEST_F(Crypto, AesCtrMatchesSp80038a) {
  auto counter = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  signal_buffer* out = nullptr;
  ASSERT_EQ(p.encrypt_func(&out, SG_CIPHER_AES_CTR_NOPADDING, u8(kKey), kKey.size(), u8(counter),
                           counter.size(), u8(kBlock), kBlock.size(), nullptr),
            0);
  Buffer holder(out);
  EXPECT_EQ(hex(out), "874d6191b620e3261bef6864990db6ce");
  signal_buffer* back = nullptr;
  ASSERT_EQ(p.decrypt_func(&back, SG_CIPHER_AES_CTR_NOPADDING, u8(kKey), kKey.size(), u8(counter),
                           counter.size(), signal_buffer_const_data(out), 16, nullptr),
            0);
  Buffer back_holder(back);
  EXPECT_EQ(bytes_of(back), kBlock);
}

TEST_F(Crypto, AesRefusesBadKeysIvsModesAndPadding) {
  std::string iv(16, '\0'), short_key(15, 'k'), short_iv(8, '\0');
  signal_buffer* out = nullptr;
  EXPECT_EQ(p.encrypt_func(&out, SG_CIPHER_AES_CBC_PKCS5, u8(short_key), short_key.size(), u8(iv),
                           16, u8(kBlock), 16, nullptr),
            SG_ERR_INVAL);
  EXPECT_EQ(p.encrypt_func(&out, SG_CIPHER_AES_CBC_PKCS5, u8(kKey), 16, u8(short_iv), 8, u8(kBlock),
                           16, nullptr),
            SG_ERR_INVAL);
  EXPECT_EQ(p.encrypt_func(&out, 99, u8(kKey), 16, u8(iv), 16, u8(kBlock), 16, nullptr),
            SG_ERR_INVAL);
  // 17 bytes cannot be CBC ciphertext.
  std::string odd(17, 'x');
  EXPECT_LT(
      p.decrypt_func(&out, SG_CIPHER_AES_CBC_PKCS5, u8(kKey), 16, u8(iv), 16, u8(odd), 17, nullptr),
      0);
  EXPECT_EQ(out, nullptr);
}

TEST_F(Crypto, RandomFillsAndDiffers) {
  uint8_t a[32] = {}, b[32] = {};
  ASSERT_EQ(p.random_func(a, sizeof a, nullptr), 0);
  ASSERT_EQ(p.random_func(b, sizeof b, nullptr), 0);
  EXPECT_NE(std::string(a, a + 32), std::string(b, b + 32));
  EXPECT_NE(std::string(a, a + 32), std::string(32, '\0'));
}

}  // namespace
}  // namespace sb::client::detail
