// SPDX-License-Identifier: Apache-2.0
// See secrets.hpp. OpenSSL's RAND_bytes is the CSPRNG the TLS stack already trusts.
#include "kernel/core/secrets.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdint>
#include <stdexcept>

namespace sb::core {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("the random number generator failed");
  return out;
}

std::string new_login_code() {
  // Rejection sampling: 2^32 is not a multiple of 10^6, and a plain modulo would favour
  // the low codes.
  constexpr std::uint32_t kRange = 1'000'000;
  constexpr std::uint32_t kLimit = 0xFFFFFFFFu - (0xFFFFFFFFu % kRange);
  while (true) {
    auto bytes = random_bytes(4);
    std::uint32_t v = 0;
    for (unsigned char c : bytes) v = (v << 8) | c;
    if (v >= kLimit) continue;
    std::string code = std::to_string(v % kRange);
    return std::string(6 - code.size(), '0') + code;
  }
}

std::string new_id(std::string_view prefix) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  auto bytes = random_bytes(10);  // 80 bits: 16 characters of 5 bits
  std::string out(prefix);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out += kAlphabet[(buffer >> (bits - 6)) & 63];
      bits -= 6;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 63];
  return out;
}

std::string new_refresh_token() {
  return base64url(random_bytes(32));
}

namespace {

constexpr std::string_view kKeyedPrefix = "hmac-sha256:";

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return hex({reinterpret_cast<const char*>(digest), sizeof digest});
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(mac), len);
}

std::string login_code_key(std::string_view server_secret) {
  // A label no JWT signing input can equal (those always contain a '.').
  return hmac_sha256(server_secret, "switchboard login code key v1");
}

std::string login_code_hash(std::string_view key, std::string_view phone, std::string_view code) {
  return std::string(kKeyedPrefix) +
         hex(hmac_sha256(key, std::string(phone) + ":" + std::string(code)));
}

bool is_unkeyed_login_code_hash(std::string_view stored) {
  return !stored.starts_with(kKeyedPrefix);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sb::core
