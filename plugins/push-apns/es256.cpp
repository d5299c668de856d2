// SPDX-License-Identifier: Apache-2.0
// See es256.hpp.
#include "es256.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <switchboard/base64url.hpp>

namespace push_apns {

Es256Signer::Es256Signer(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio) key_ = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key_) throw std::runtime_error("not a PEM private key");
  char group[64] = {};
  std::size_t len = 0;
  if (EVP_PKEY_base_id(key_) != EVP_PKEY_EC ||
      EVP_PKEY_get_group_name(key_, group, sizeof group, &len) != 1 ||
      std::strcmp(group, "prime256v1") != 0) {
    EVP_PKEY_free(key_);
    key_ = nullptr;
    throw std::runtime_error("not a P-256 (prime256v1) EC key, which ES256 needs");
  }
}

Es256Signer::~Es256Signer() {
  EVP_PKEY_free(key_);
}

std::string Es256Signer::jwt(const sb::json::object& claims, const std::string& kid) const {
  std::string input =
      sb::base64url_encode(sb::json::serialize(sb::json::object{{"alg", "ES256"}, {"kid", kid}})) +
      "." + sb::base64url_encode(sb::json::serialize(claims));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  auto data = reinterpret_cast<const unsigned char*>(input.data());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) != 1)
    throw std::runtime_error("ES256 signing failed");
  std::vector<unsigned char> der(len);
  if (EVP_DigestSign(ctx.get(), der.data(), &len, data, input.size()) != 1)
    throw std::runtime_error("ES256 signing failed");
  const unsigned char* p = der.data();
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)), &ECDSA_SIG_free);
  if (!sig) throw std::runtime_error("ES256 signing failed");
  // R and S each padded to 32 bytes: a short R (1 in 256 signatures) must still give 64.
  unsigned char raw[64];
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), raw, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), raw + 32, 32) != 32)
    throw std::runtime_error("ES256 signing failed");
  return input + "." + sb::base64url_encode({reinterpret_cast<const char*>(raw), sizeof raw});
}

}  // namespace push_apns
