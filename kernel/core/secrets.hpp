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

// HMAC-SHA256 of `data` under `key`: 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// The key login codes are stored under, derived from the deployment's secret (jwt.key):
// every node that holds that file verifies the codes any node issued.
std::string login_code_key(std::string_view server_secret);

// What is stored for a login code: "hmac-sha256:" and the hex HMAC of phone and code under
// `key`. Bound to the phone, so equal codes hash differently; keyed, so a leaked database
// alone does not give the codes away (an unkeyed hash of 10^6 codes is searched in 0.03 s).
std::string login_code_hash(std::string_view key, std::string_view phone, std::string_view code);

// True for a hash stored before codes were keyed (a bare SHA-256); such a code cannot be
// checked any more and must be requested again.
bool is_unkeyed_login_code_hash(std::string_view stored);

// Base64url without padding.
std::string base64url(std::string_view bytes);

// Compares without an early exit, so that timing tells nothing about the secret.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace sb::core
