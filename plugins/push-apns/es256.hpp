// SPDX-License-Identifier: Apache-2.0
// ES256 JSON Web Tokens (RFC 7515/7518) with an APNs .p8 key: ECDSA P-256 with SHA-256, the
// signature as the fixed 64-byte R||S that JWS requires (not OpenSSL's DER).
#pragma once

#include <string>
#include <string_view>

#include <switchboard/json.hpp>

typedef struct evp_pkey_st EVP_PKEY;

namespace push_apns {

class Es256Signer {
 public:
  // Throws std::runtime_error when `pem` is not a P-256 private key.
  explicit Es256Signer(const std::string& pem);
  ~Es256Signer();
  Es256Signer(const Es256Signer&) = delete;
  Es256Signer& operator=(const Es256Signer&) = delete;

  // header.claims.signature with the header {"alg":"ES256","kid":kid}.
  std::string jwt(const sb::json::object& claims, const std::string& kid) const;

 private:
  EVP_PKEY* key_ = nullptr;
};

}  // namespace push_apns
