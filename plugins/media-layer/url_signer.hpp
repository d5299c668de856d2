// SPDX-License-Identifier: Apache-2.0
// Signed, expiring download links: /v1/media/<id>?exp=<unix s>&sig=<hex HMAC-SHA256 of
// "<id>\n<exp>"> under a key that never leaves the server's data dir.
#pragma once

#include <cstdint>
#include <string>

namespace media_layer {

class UrlSigner {
 public:
  explicit UrlSigner(std::string key) : key_(std::move(key)) {}
  // 32 random bytes in `path` (0600), created on first use; throws std::runtime_error.
  static std::string load_or_create_key(const std::string& path);

  std::string url(const std::string& id, std::int64_t expires_s) const;
  enum class Check { ok, expired, bad };
  // `exp` and `sig` as they came in the query; bad also for a link of another media.
  Check check(const std::string& id, const std::string& exp, const std::string& sig,
              std::int64_t now_s) const;

 private:
  std::string sign(const std::string& id, std::int64_t expires_s) const;
  std::string key_;
};

}  // namespace media_layer
