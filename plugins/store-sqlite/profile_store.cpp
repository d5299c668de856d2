// SPDX-License-Identifier: Apache-2.0
// ProfileStore: one row per user who set a profile.
#include "social_stores.hpp"

namespace sb::store_sqlite {

std::optional<Profile> SqliteProfileStore::profile(const std::string& user) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT about, avatar, about_privacy, avatar_privacy, updated_ms FROM profiles "
      "WHERE user = ?");
  q.bind(1, user);
  if (!q.step()) return std::nullopt;
  return Profile{user, q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4)};
}

void SqliteProfileStore::put_profile(const Profile& p) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT OR REPLACE INTO profiles (user, about, avatar, about_privacy, avatar_privacy, "
          "updated_ms) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, p.user)
      .bind(2, p.about)
      .bind(3, p.avatar)
      .bind(4, p.about_privacy)
      .bind(5, p.avatar_privacy)
      .bind(6, p.updated_ms)
      .run();
  tx.commit();
}

}  // namespace sb::store_sqlite
