// SPDX-License-Identifier: Apache-2.0
// RFC 8291 message encryption for Web Push: ECDH with the browser's p256dh key, HKDF-SHA256
// keyed by its auth secret, then one RFC 8188 aes128gcm record. The push service sees only
// ciphertext; the browser decrypts with its private key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "p256.hpp"

namespace webpush {

// The record size written in the header; one record holds any payload below it.
inline constexpr std::uint32_t kRecordSize = 4096;
// The most plaintext one record carries (RFC 8291 §4: 16 bytes of tag, one delimiter).
inline constexpr std::size_t kMaxPlaintext = kRecordSize - 17;

// `ua_public`: the subscription's 65-byte p256dh point; `auth_secret`: its 16 bytes.
// `sender` is the ephemeral key pair and `salt` 16 random bytes: both fresh for every
// message, injectable so tests reproduce RFC 8291 Appendix A. Returns the request body:
// salt || rs || idlen || sender public point || ciphertext || tag.
// Throws std::invalid_argument for a bad key size or an oversized plaintext.
std::string encrypt_aes128gcm(std::string_view plaintext, const Key& ua_public,
                              std::string_view auth_secret, const Key& sender,
                              std::string_view salt);
// The same with a fresh sender key and salt.
std::string encrypt_aes128gcm(std::string_view plaintext, const Key& ua_public,
                              std::string_view auth_secret);

}  // namespace webpush
