// SPDX-License-Identifier: Apache-2.0
// See signal_crypto.hpp. Every callback answers libsignal's way: 0 on success, a negative
// SG_ERR_* code on failure, and output buffers allocated with signal_buffer_* (the library
// frees them).
#include "signal_crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <limits>
#include <vector>

namespace sb::client::detail {
namespace {

int random_bytes(uint8_t* data, size_t len, void*) {
  if (len > static_cast<size_t>(std::numeric_limits<int>::max())) return SG_ERR_INVAL;
  return RAND_bytes(data, static_cast<int>(len)) == 1 ? 0 : SG_ERR_UNKNOWN;
}

// HMAC through EVP_MAC (OpenSSL 3): the context carries the key between init and final.
int hmac_init(void** context, const uint8_t* key, size_t key_len, void*) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!mac) return SG_ERR_UNKNOWN;
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);  // the context holds its own reference
  if (!ctx) return SG_ERR_NOMEM;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx, key, key_len, params) != 1) {
    EVP_MAC_CTX_free(ctx);
    return SG_ERR_UNKNOWN;
  }
  *context = ctx;
  return 0;
}

int hmac_update(void* context, const uint8_t* data, size_t len, void*) {
  return EVP_MAC_update(static_cast<EVP_MAC_CTX*>(context), data, len) == 1 ? 0 : SG_ERR_UNKNOWN;
}

int hmac_final(void* context, signal_buffer** output, void*) {
  uint8_t md[EVP_MAX_MD_SIZE];
  size_t len = 0;
  if (EVP_MAC_final(static_cast<EVP_MAC_CTX*>(context), md, &len, sizeof md) != 1)
    return SG_ERR_UNKNOWN;
  *output = signal_buffer_create(md, len);
  return *output ? 0 : SG_ERR_NOMEM;
}

void hmac_cleanup(void* context, void*) {
  EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(context));
}

int sha512_init(void** context, void*) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx) return SG_ERR_NOMEM;
  if (EVP_DigestInit_ex(ctx, EVP_sha512(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return SG_ERR_UNKNOWN;
  }
  *context = ctx;
  return 0;
}

int sha512_update(void* context, const uint8_t* data, size_t len, void*) {
  return EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context), data, len) == 1 ? 0 : SG_ERR_UNKNOWN;
}

// libsignal reuses the context after final (the fingerprint's 5200 rounds): re-initialize.
int sha512_final(void* context, signal_buffer** output, void*) {
  auto* ctx = static_cast<EVP_MD_CTX*>(context);
  uint8_t md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, md, &len) != 1) return SG_ERR_UNKNOWN;
  if (EVP_DigestInit_ex(ctx, EVP_sha512(), nullptr) != 1) return SG_ERR_UNKNOWN;
  *output = signal_buffer_create(md, len);
  return *output ? 0 : SG_ERR_NOMEM;
}

void sha512_cleanup(void* context, void*) {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context));
}

// The cipher for a mode and key length; the IV must be one AES block.
const EVP_CIPHER* aes(int mode, size_t key_len, size_t iv_len) {
  if (iv_len != 16) return nullptr;
  if (mode == SG_CIPHER_AES_CBC_PKCS5) {
    if (key_len == 16) return EVP_aes_128_cbc();
    if (key_len == 24) return EVP_aes_192_cbc();
    if (key_len == 32) return EVP_aes_256_cbc();
  } else if (mode == SG_CIPHER_AES_CTR_NOPADDING) {
    if (key_len == 16) return EVP_aes_128_ctr();
    if (key_len == 24) return EVP_aes_192_ctr();
    if (key_len == 32) return EVP_aes_256_ctr();
  }
  return nullptr;
}

int run_cipher(bool encrypt, signal_buffer** output, int mode, const uint8_t* key, size_t key_len,
               const uint8_t* iv, size_t iv_len, const uint8_t* in, size_t in_len) {
  const EVP_CIPHER* cipher = aes(mode, key_len, iv_len);
  if (!cipher) return SG_ERR_INVAL;
  if (in_len > static_cast<size_t>(std::numeric_limits<int>::max()) - 32) return SG_ERR_INVAL;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (!ctx) return SG_ERR_NOMEM;
  std::vector<uint8_t> out(in_len + 16);  // room for a padding block
  int n = 0, last = 0;
  bool ok = EVP_CipherInit_ex(ctx, cipher, nullptr, key, iv, encrypt ? 1 : 0) == 1 &&
            EVP_CIPHER_CTX_set_padding(ctx, mode == SG_CIPHER_AES_CBC_PKCS5 ? 1 : 0) == 1 &&
            EVP_CipherUpdate(ctx, out.data(), &n, in, static_cast<int>(in_len)) == 1 &&
            EVP_CipherFinal_ex(ctx, out.data() + n, &last) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return SG_ERR_UNKNOWN;  // on decrypt: bad padding, i.e. a wrong key or altered text
  *output = signal_buffer_create(out.data(), static_cast<size_t>(n + last));
  return *output ? 0 : SG_ERR_NOMEM;
}

int encrypt(signal_buffer** output, int mode, const uint8_t* key, size_t key_len, const uint8_t* iv,
            size_t iv_len, const uint8_t* plaintext, size_t len, void*) {
  return run_cipher(true, output, mode, key, key_len, iv, iv_len, plaintext, len);
}

int decrypt(signal_buffer** output, int mode, const uint8_t* key, size_t key_len, const uint8_t* iv,
            size_t iv_len, const uint8_t* ciphertext, size_t len, void*) {
  return run_cipher(false, output, mode, key, key_len, iv, iv_len, ciphertext, len);
}

}  // namespace

signal_crypto_provider openssl_crypto_provider() {
  signal_crypto_provider p{};
  p.random_func = &random_bytes;
  p.hmac_sha256_init_func = &hmac_init;
  p.hmac_sha256_update_func = &hmac_update;
  p.hmac_sha256_final_func = &hmac_final;
  p.hmac_sha256_cleanup_func = &hmac_cleanup;
  p.sha512_digest_init_func = &sha512_init;
  p.sha512_digest_update_func = &sha512_update;
  p.sha512_digest_final_func = &sha512_final;
  p.sha512_digest_cleanup_func = &sha512_cleanup;
  p.encrypt_func = &encrypt;
  p.decrypt_func = &decrypt;
  p.user_data = nullptr;
  return p;
}

}  // namespace sb::client::detail
