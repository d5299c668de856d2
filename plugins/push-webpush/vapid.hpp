// SPDX-License-Identifier: Apache-2.0
// RFC 8292 VAPID: the server proves to each push service that it is the application the
// browser subscribed with, by an ES256 JWT per push-service origin, signed with the key
// whose public half the browser was given (public_info, GET /v1/push/vapid).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "p256.hpp"

namespace webpush {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// A JWT's lifetime: RFC 8292 allows at most 24 h; half of that leaves room for clock skew
// at the push service.
inline constexpr std::chrono::hours kJwtLifetime{12};
// A cached JWT is replaced once less than this is left of it.
inline constexpr std::chrono::hours kJwtRenewBefore{1};

// {"typ":"JWT","alg":"ES256"}.{"aud":aud,"exp":exp,"sub":sub}.signature, all base64url.
std::string make_vapid_jwt(const Key& key, std::string_view aud, std::int64_t exp_s,
                           std::string_view sub);

// Nullopt when `subject` is a usable VAPID contact (mailto: or https: URI), else why not.
std::optional<std::string> subject_problem(std::string_view subject);

class Vapid {
 public:
  // `subject` must pass subject_problem(); `clock` is injectable for tests.
  Vapid(Key key, std::string subject, Clock clock = std::chrono::system_clock::now);

  // The base64url uncompressed public point: what browsers pass as applicationServerKey.
  const std::string& public_key() const { return public_key_; }
  // "vapid t=<jwt>, k=<public key>" for a push service at `origin` (scheme://host[:port]).
  // Thread-safe; the JWT is reused per origin until it nears expiry.
  std::string authorization(const std::string& origin);

 private:
  struct Cached {
    std::string header;
    std::chrono::system_clock::time_point expires;
  };
  Key key_;
  std::string subject_;
  Clock clock_;
  std::string public_key_;
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;
};

}  // namespace webpush
