// SPDX-License-Identifier: Apache-2.0
// RS256 JSON Web Tokens (RFC 7515/7519) signed with the service account's RSA key: the
// assertion of the OAuth 2.0 JWT-bearer grant (RFC 7523).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <switchboard/json.hpp>

typedef struct evp_pkey_st EVP_PKEY;

namespace push_fcm {

class Rs256Signer {
 public:
  // Throws std::runtime_error when `pem` is not an RSA private key.
  explicit Rs256Signer(const std::string& pem);
  ~Rs256Signer();
  Rs256Signer(const Rs256Signer&) = delete;
  Rs256Signer& operator=(const Rs256Signer&) = delete;

  // header.claims.signature; the header is {"alg":"RS256","typ":"JWT"} plus "kid" when given.
  std::string jwt(const sb::json::object& claims, const std::string& kid) const;

 private:
  EVP_PKEY* key_ = nullptr;
};

}  // namespace push_fcm
