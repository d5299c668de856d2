// SPDX-License-Identifier: Apache-2.0
// P-256 keys through OpenSSL 3's EVP interface: the VAPID signing key, the sender's
// ephemeral ECDH key of each push, and the browsers' p256dh public keys. Raw encodings are
// the ones Web Push uses: 65-byte uncompressed points, 32-byte scalars, 64-byte r||s.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_pkey_st;

namespace webpush {

struct KeyFree {
  void operator()(evp_pkey_st* key) const;
};
using Key = std::unique_ptr<evp_pkey_st, KeyFree>;

// Throws std::runtime_error only when OpenSSL itself fails.
Key generate_p256();
// A key pair from its 32-byte private scalar (the RFC test vectors; tests only).
Key p256_from_private(std::string_view scalar);
// A public key from a 65-byte uncompressed point; null when the bytes are not a point on
// the curve (the caller names the field).
Key p256_from_public(std::string_view point);
// The 65-byte uncompressed public point (0x04 || X || Y).
std::string public_point(const Key& key);

// The 32-byte ECDH shared secret (the X coordinate).
std::string ecdh(const Key& own_private, const Key& peer_public);
// ES256: ECDSA over SHA-256, as the 64-byte r||s that JWS wants (not DER).
std::string sign_es256(const Key& key, std::string_view data);

// PEM (PKCS#8) for key files. Reading throws std::runtime_error naming `path` when the file
// is unreadable, not PEM, or not a P-256 private key.
Key read_private_pem(const std::string& path);
std::string private_pem(const Key& key);

}  // namespace webpush
