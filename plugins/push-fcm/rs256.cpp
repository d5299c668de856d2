// SPDX-License-Identifier: Apache-2.0
// See rs256.hpp. OpenSSL's EVP interface (RSASSA-PKCS1-v1_5 with SHA-256).
#include "rs256.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>
#include <vector>

#include <switchboard/base64url.hpp>

namespace push_fcm {

Rs256Signer::Rs256Signer(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio) key_ = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key_) throw std::runtime_error("private_key: not a PEM private key");
  if (EVP_PKEY_base_id(key_) != EVP_PKEY_RSA) {
    EVP_PKEY_free(key_);
    key_ = nullptr;
    throw std::runtime_error("private_key: not an RSA key (RS256 needs one)");
  }
}

Rs256Signer::~Rs256Signer() {
  EVP_PKEY_free(key_);
}

std::string Rs256Signer::jwt(const sb::json::object& claims, const std::string& kid) const {
  sb::json::object header{{"alg", "RS256"}, {"typ", "JWT"}};
  if (!kid.empty()) header["kid"] = kid;
  std::string input = sb::base64url_encode(sb::json::serialize(header)) + "." +
                      sb::base64url_encode(sb::json::serialize(claims));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t len = 0;
  auto data = reinterpret_cast<const unsigned char*>(input.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) != 1)
    throw std::runtime_error("RS256 signing failed");
  std::vector<unsigned char> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, data, input.size()) != 1)
    throw std::runtime_error("RS256 signing failed");
  return input + "." + sb::base64url_encode({reinterpret_cast<const char*>(sig.data()), len});
}

}  // namespace push_fcm
