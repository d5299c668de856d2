// SPDX-License-Identifier: Apache-2.0
// ProfileStore: one row per user who set a profile.
#include "social_stores.hpp"

namespace sb::store_postgres {

std::optional<Profile> PgProfileStore::profile(const std::string& user) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT about, avatar, about_privacy, avatar_privacy, updated_ms FROM profiles "
      "WHERE user_id = $1",
      {user});
  if (r.rows() == 0) return std::nullopt;
  return Profile{user, r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), r.integer(0, 4)};
}

void PgProfileStore::put_profile(const Profile& p) {
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO profiles (user_id, about, avatar, about_privacy, avatar_privacy, updated_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET "
      "about = excluded.about, avatar = excluded.avatar, about_privacy = excluded.about_privacy, "
      "avatar_privacy = excluded.avatar_privacy, updated_ms = excluded.updated_ms",
      {p.user, p.about, p.avatar, p.about_privacy, p.avatar_privacy, p.updated_ms});
}

}  // namespace sb::store_postgres
