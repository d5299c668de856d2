// SPDX-License-Identifier: Apache-2.0
// See provider_token.hpp. Signing takes microseconds, so it happens under the lock.
#include "provider_token.hpp"

namespace push_apns {

ProviderToken::ProviderToken(std::shared_ptr<Es256Signer> signer, std::string key_id,
                             std::string team_id, std::chrono::seconds refresh)
    : signer_(std::move(signer)),
      key_id_(std::move(key_id)),
      team_id_(std::move(team_id)),
      refresh_(refresh) {}

std::string ProviderToken::current() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (jwt_.empty() || now - signed_at_ >= refresh_) {
    auto iat = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    jwt_ = signer_->jwt({{"iss", team_id_}, {"iat", iat}}, key_id_);
    signed_at_ = now;
    ++signed_count_;
  }
  return jwt_;
}

void ProviderToken::invalidate(const std::string& jwt) {
  std::lock_guard lock(mutex_);
  if (jwt_ == jwt) jwt_.clear();
}

int ProviderToken::signed_count() const {
  std::lock_guard lock(mutex_);
  return signed_count_;
}

}  // namespace push_apns
