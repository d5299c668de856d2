// SPDX-License-Identifier: Apache-2.0
// See directory.hpp. Searches are substring matches (strpos) paged by id: an admin's
// directory is browsed, not ranked. These are multi-shard statements on Citus, which is
// fine for an admin's occasional call. Removal is one transaction.
#include "directory.hpp"

#include <algorithm>

namespace sb::store_postgres {

std::vector<UserRecord> PgDirectory::find_users(const UserSearch& s) {
  auto conn = pool_->acquire();
  auto limit = static_cast<std::int64_t>(std::min<std::size_t>(s.limit, 10'000));
  auto r = conn->query(
      "SELECT id, phone, display_name, created_ms, banned FROM users u "
      "WHERE id > $1 AND ($2 = '' OR strpos(id, $2) > 0 OR strpos(phone, $2) > 0 "
      "  OR strpos(display_name, $2) > 0) "
      "AND (NOT $3::boolean OR banned) "
      "AND ($4::bigint = 0 OR NOT EXISTS (SELECT 1 FROM devices d WHERE d.user_id = u.id "
      "  AND d.last_seen_ms >= $4::bigint)) "
      "ORDER BY id LIMIT $5",
      {s.after_id, s.q, s.banned_only, s.inactive_before_ms, limit});
  std::vector<UserRecord> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.integer(i, 3), r.boolean(i, 4)});
  return out;
}

std::vector<GroupRecord> PgDirectory::find_groups(const GroupSearch& s) {
  auto conn = pool_->acquire();
  auto limit = static_cast<std::int64_t>(std::min<std::size_t>(s.limit, 10'000));
  auto r = conn->query(
      "SELECT id, name, policy, created_by, created_ms FROM groups "
      "WHERE id > $1 AND ($2 = '' OR strpos(id, $2) > 0 OR strpos(name, $2) > 0) "
      "ORDER BY id LIMIT $3",
      {s.after_id, s.q, limit});
  std::vector<GroupRecord> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.integer(i, 4), {}});
  for (auto& g : out) {
    auto m = conn->query(
        "SELECT user_id, role, joined_ms FROM group_members WHERE group_id = $1 ORDER BY pos",
        {g.id});
    for (int i = 0; i < m.rows(); ++i)
      g.members.push_back({m.text(i, 0), m.text(i, 1), m.integer(i, 2)});
  }
  return out;
}

bool PgDirectory::delete_user(const std::string& user) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto u = conn->query("SELECT phone FROM users WHERE id = $1 FOR UPDATE", {user});
  if (u.rows() == 0) return false;
  auto phone = u.text(0, 0);
  conn->query("DELETE FROM login_codes WHERE phone = $1", {phone});
  conn->query("DELETE FROM user_phones WHERE phone = $1 AND user_id = $2", {phone, user});
  for (const char* sql : {
           "DELETE FROM devices WHERE user_id = $1",
           "DELETE FROM refresh_tokens WHERE user_id = $1",
           "DELETE FROM inbox WHERE user_id = $1",
           "DELETE FROM device_cursors WHERE user_id = $1",
           "DELETE FROM read_marks WHERE user_id = $1",
           "DELETE FROM group_members WHERE user_id = $1",
           "DELETE FROM device_keys WHERE user_id = $1",
           "DELETE FROM one_time_keys WHERE user_id = $1",
           "DELETE FROM push_subscriptions WHERE user_id = $1",
           "DELETE FROM privacy WHERE user_id = $1",
           "DELETE FROM contacts WHERE user_id = $1 OR contact = $1",
           "DELETE FROM blocks WHERE user_id = $1 OR blocked = $1",
           "DELETE FROM profiles WHERE user_id = $1",
           "DELETE FROM status_audience WHERE user_id = $1 OR status IN "
           "(SELECT id FROM statuses WHERE user_id = $1)",
           "DELETE FROM status_views WHERE viewer = $1 OR status IN "
           "(SELECT id FROM statuses WHERE user_id = $1)",
           "DELETE FROM statuses WHERE user_id = $1",
           "DELETE FROM chat_list WHERE user_id = $1",
           "DELETE FROM users WHERE id = $1",
       })
    conn->query(sql, {user});
  tx.commit();
  return true;
}

bool PgDirectory::delete_group(const std::string& group) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM group_members WHERE group_id = $1", {group});
  bool removed = conn->query("DELETE FROM groups WHERE id = $1", {group}).affected() > 0;
  tx.commit();
  return removed;
}

}  // namespace sb::store_postgres
