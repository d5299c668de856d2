// SPDX-License-Identifier: Apache-2.0
// See directory.hpp. Searches are substring matches (instr) paged by id: an admin's
// directory is browsed, not ranked. Removal runs in one IMMEDIATE transaction.
#include "directory.hpp"

#include <algorithm>

#include "message_writer.hpp"

namespace sb::store_sqlite {

std::vector<UserRecord> SqliteDirectory::find_users(const UserSearch& s) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT id, phone, display_name, created_ms, banned FROM users u "
      "WHERE id > ?1 AND (?2 = '' OR instr(id, ?2) > 0 OR instr(phone, ?2) > 0 "
      "  OR instr(display_name, ?2) > 0) "
      "AND (?3 = 0 OR banned <> 0) "
      "AND (?4 = 0 OR NOT EXISTS (SELECT 1 FROM devices d WHERE d.user = u.id "
      "  AND d.last_seen_ms >= ?4)) "
      "ORDER BY id LIMIT ?5");
  q.bind(1, s.after_id)
      .bind(2, s.q)
      .bind(3, std::int64_t{s.banned_only})
      .bind(4, s.inactive_before_ms)
      .bind(5, static_cast<std::int64_t>(std::min<std::size_t>(s.limit, 10'000)));
  std::vector<UserRecord> out;
  while (q.step())
    out.push_back({q.text(0), q.text(1), q.text(2), q.integer(3), q.integer(4) != 0});
  return out;
}

std::vector<GroupRecord> SqliteDirectory::find_groups(const GroupSearch& s) {
  auto conn = pool_->acquire();
  std::vector<GroupRecord> out;
  {
    auto q = conn->query(
        "SELECT id, name, policy, created_by, created_ms FROM groups "
        "WHERE id > ?1 AND (?2 = '' OR instr(id, ?2) > 0 OR instr(name, ?2) > 0) "
        "ORDER BY id LIMIT ?3");
    q.bind(1, s.after_id)
        .bind(2, s.q)
        .bind(3, static_cast<std::int64_t>(std::min<std::size_t>(s.limit, 10'000)));
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4), {}});
  }
  for (auto& g : out) {
    auto m = conn->query(
        "SELECT user, role, joined_ms FROM group_members WHERE group_id = ? ORDER BY rowid");
    m.bind(1, g.id);
    while (m.step()) g.members.push_back({m.text(0), m.text(1), m.integer(2)});
  }
  return out;
}

bool SqliteDirectory::delete_user(const std::string& user) {
  // Chat list updates recorded before the removal commit first, so none brings a row back.
  writer_->flush();
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  std::string phone;
  {
    auto q = conn->query("SELECT phone FROM users WHERE id = ?");
    q.bind(1, user);
    if (!q.step()) return false;
    phone = q.text(0);
  }
  conn->query("DELETE FROM login_codes WHERE phone = ?").bind(1, phone).run();
  for (const char* sql : {
           "DELETE FROM devices WHERE user = ?1",
           "DELETE FROM refresh_tokens WHERE user = ?1",
           "DELETE FROM inbox WHERE user = ?1",
           "DELETE FROM acked WHERE user = ?1",
           "DELETE FROM cursor_floor WHERE user = ?1",
           "DELETE FROM read_marks WHERE user = ?1",
           "DELETE FROM group_members WHERE user = ?1",
           "DELETE FROM device_keys WHERE user = ?1",
           "DELETE FROM one_time_keys WHERE user = ?1",
           "DELETE FROM push_subscriptions WHERE user = ?1",
           "DELETE FROM privacy WHERE user = ?1",
           "DELETE FROM contacts WHERE user = ?1 OR contact = ?1",
           "DELETE FROM blocks WHERE user = ?1 OR blocked = ?1",
           "DELETE FROM profiles WHERE user = ?1",
           "DELETE FROM status_audience WHERE user = ?1 OR status IN "
           "(SELECT id FROM statuses WHERE user = ?1)",
           "DELETE FROM status_views WHERE viewer = ?1 OR status IN "
           "(SELECT id FROM statuses WHERE user = ?1)",
           "DELETE FROM statuses WHERE user = ?1",
           "DELETE FROM chat_list WHERE user = ?1",
           "DELETE FROM users WHERE id = ?1",
       })
    conn->query(sql).bind(1, user).run();
  tx.commit();
  return true;
}

bool SqliteDirectory::delete_group(const std::string& group) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM group_members WHERE group_id = ?").bind(1, group).run();
  bool removed = conn->query("DELETE FROM groups WHERE id = ?").bind(1, group).run() > 0;
  tx.commit();
  return removed;
}

}  // namespace sb::store_sqlite
