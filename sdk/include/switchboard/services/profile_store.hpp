// SPDX-License-Identifier: Apache-2.0
// ProfileStore: what a user shows others besides the display name (kept by AccountStore):
// the about text, the avatar (a media id) and who may see each. Called from core workers; may
// block; throws StoreError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <switchboard/services/store_error.hpp>

namespace sb {

// The privacy values are "everyone", "contacts" (the owner's contacts) or "nobody".
struct Profile {
  std::string user{};
  std::string about{};
  std::string avatar{};  // a media id; "" for none
  std::string about_privacy = "everyone";
  std::string avatar_privacy = "everyone";
  std::int64_t updated_ms = 0;
};

class ProfileStore {
 public:
  static constexpr std::string_view service_name = "profile-store";
  virtual ~ProfileStore() = default;

  // Nullopt when the user never set one.
  virtual std::optional<Profile> profile(const std::string& user) = 0;
  // Creates or replaces the user's profile.
  virtual void put_profile(const Profile& profile) = 0;
};

}  // namespace sb
