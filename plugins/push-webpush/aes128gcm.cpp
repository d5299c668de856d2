// SPDX-License-Identifier: Apache-2.0
// See aes128gcm.hpp. The key schedule follows RFC 8291 §3.4 step by step:
//   IKM   = HKDF(salt = auth_secret, ikm = ecdh_secret, info = "WebPush: info\0"||ua||as, 32)
//   CEK   = HKDF(salt = salt, ikm = IKM, info = "Content-Encoding: aes128gcm\0", 16)
//   NONCE = HKDF(salt = salt, ikm = IKM, info = "Content-Encoding: nonce\0", 12)
#include "aes128gcm.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace webpush {

namespace {

[[noreturn]] void fail(const char* what) {
  throw std::runtime_error(std::string("aes128gcm: ") + what);
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// HKDF-SHA256 extract-and-expand (RFC 5869), through OpenSSL's KDF.
std::string hkdf(std::string_view salt, std::string_view ikm, std::string_view info,
                 std::size_t length) {
  std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr),
                                                        &EVP_KDF_free);
  if (!kdf) fail("HKDF unavailable");
  std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()),
                                                                &EVP_KDF_CTX_free);
  if (!ctx) fail("HKDF context");
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_KEY, const_cast<char*>(ikm.data()), ikm.size()),
                         OSSL_PARAM_construct_octet_string(
                             OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
                         OSSL_PARAM_construct_end()};
  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), length, params) != 1)
    fail("HKDF derive");
  return out;
}

std::string with_nul(std::string_view label) {
  std::string s(label);
  s += '\0';
  return s;
}

}  // namespace

std::string encrypt_aes128gcm(std::string_view plaintext, const Key& ua_public,
                              std::string_view auth_secret, const Key& sender,
                              std::string_view salt) {
  if (auth_secret.size() != 16) throw std::invalid_argument("auth: must be 16 bytes");
  if (salt.size() != 16) throw std::invalid_argument("salt: must be 16 bytes");
  if (plaintext.size() > kMaxPlaintext)
    throw std::invalid_argument("payload: " + std::to_string(plaintext.size()) +
                                " bytes, more than one record's " + std::to_string(kMaxPlaintext));

  std::string ua = public_point(ua_public);
  std::string as = public_point(sender);
  std::string secret = ecdh(sender, ua_public);
  std::string ikm = hkdf(auth_secret, secret, with_nul("WebPush: info") + ua + as, 32);
  std::string cek = hkdf(salt, ikm, with_nul("Content-Encoding: aes128gcm"), 16);
  std::string nonce = hkdf(salt, ikm, with_nul("Content-Encoding: nonce"), 12);

  // One record and the last: the plaintext, then the 0x02 delimiter, no further padding.
  std::string record(plaintext);
  record += '\x02';

  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      &EVP_CIPHER_CTX_free);
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(cek), bytes(nonce)) != 1)
    fail("AES-128-GCM init");

  std::string body;
  body.reserve(16 + 4 + 1 + as.size() + record.size() + 16);
  body.append(salt);
  body += char((kRecordSize >> 24) & 0xff);
  body += char((kRecordSize >> 16) & 0xff);
  body += char((kRecordSize >> 8) & 0xff);
  body += char(kRecordSize & 0xff);
  body += char(as.size());
  body += as;

  std::size_t header = body.size();
  body.resize(header + record.size() + 16);
  auto out = reinterpret_cast<unsigned char*>(body.data()) + header;
  int len = 0, tail = 0;
  if (EVP_EncryptUpdate(ctx.get(), out, &len, bytes(record), int(record.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + len, &tail) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, out + len + tail) != 1)
    fail("AES-128-GCM encrypt");
  body.resize(header + std::size_t(len + tail) + 16);
  return body;
}

std::string encrypt_aes128gcm(std::string_view plaintext, const Key& ua_public,
                              std::string_view auth_secret) {
  std::string salt(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), 16) != 1) fail("no randomness");
  return encrypt_aes128gcm(plaintext, ua_public, auth_secret, generate_p256(), salt);
}

}  // namespace webpush
