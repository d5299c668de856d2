// SPDX-License-Identifier: Apache-2.0
// Password hashing (Argon2id, libargon2), random tokens and SHA-256 for the admin plugin.
#pragma once

#include <string>
#include <string_view>

namespace sb::admin {

// An encoded Argon2id hash ("$argon2id$v=19$m=...") with a fresh salt.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& encoded);
// `bytes` random bytes as lowercase hex, from the OS's CSPRNG.
std::string random_hex(std::size_t bytes);
std::string sha256_hex(std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);
// Refuses a password an operator should not use; returns why, or empty.
std::string weak_password_reason(std::string_view password);

}  // namespace sb::admin
