// SPDX-License-Identifier: Apache-2.0
// Access tokens: short-lived HS256 JWTs (claims sub = user, dev = device, iat, exp, jti)
// signed with a per-deployment key kept in <data_dir>/jwt.key.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::core {

// Who a request comes from, once its access token checked out.
struct Identity {
  std::string user;
  std::string device;
  bool operator==(const Identity&) const = default;
};

struct AccessClaims {
  Identity who;
  std::string jti;
  std::int64_t issued_s = 0;
  std::int64_t expires_s = 0;
};

class AccessTokens {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // Reads <data_dir>/jwt.key, or creates it with 32 random bytes and mode 0600 the first
  // time, so tokens survive a restart. Throws std::runtime_error naming the file when it
  // cannot be read, written, or has the wrong size.
  static std::string load_or_create_key(const std::string& data_dir);

  AccessTokens(std::string key, std::chrono::seconds ttl);

  std::string issue(const Identity& who, std::int64_t now_s) const;
  // The claims when the signature is ours (HS256 only), the token is not expired at
  // `now_s` and carries sub and dev; nullopt otherwise, never throws.
  std::optional<AccessClaims> verify(std::string_view jwt, std::int64_t now_s) const;
  std::chrono::seconds ttl() const { return ttl_; }

 private:
  std::string key_;
  std::chrono::seconds ttl_;
};

}  // namespace sb::core
