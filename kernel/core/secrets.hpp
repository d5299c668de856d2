// SPDX-License-Identifier: Apache-2.0
// Randomness and hashing for accounts: login codes, opaque ids, refresh tokens, and the
// hashes under which codes and tokens are stored (a leaked database must not log anyone in).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb::core {

// `n` bytes from the OpenSSL CSPRNG; throws std::runtime_error when it fails.
std::string random_bytes(std::size_t n);

// Six decimal digits, uniform over 000000..999999.
std::string new_login_code();

// `prefix` + 16 lowercase base32 characters (80 random bits): "u_k3j...", "d_...".
std::string new_id(std::string_view prefix);

// 32 random bytes, base64url without padding (43 characters).
std::string new_refresh_token();

// Lowercase hex SHA-256.
std::string sha256_hex(std::string_view data);

// What is stored for a login code: bound to the phone, so equal codes hash differently.
std::string login_code_hash(std::string_view phone, std::string_view code);

// Base64url without padding.
std::string base64url(std::string_view bytes);

// Compares without an early exit, so that timing tells nothing about the secret.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace sb::core
