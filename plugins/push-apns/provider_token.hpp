// SPDX-License-Identifier: Apache-2.0
// The APNs provider token: an ES256 JWT {iss: team id, iat} with the key id in its header.
// Apple accepts one for an hour and refuses fresh ones more often than every 20 minutes, so
// one token is shared by every push and replaced after `refresh` (or when APNs rejects it).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "es256.hpp"

namespace push_apns {

class ProviderToken {
 public:
  ProviderToken(std::shared_ptr<Es256Signer> signer, std::string key_id, std::string team_id,
                std::chrono::seconds refresh);

  // The current JWT, signed anew when older than `refresh` or invalidated.
  std::string current();
  // APNs answered ExpiredProviderToken/InvalidProviderToken for `jwt`: the next push signs
  // a new one.
  void invalidate(const std::string& jwt);
  int signed_count() const;

 private:
  std::shared_ptr<Es256Signer> signer_;
  std::string key_id_, team_id_;
  std::chrono::seconds refresh_;
  mutable std::mutex mutex_;
  std::string jwt_;
  std::chrono::steady_clock::time_point signed_at_{};
  int signed_count_ = 0;
};

}  // namespace push_apns
