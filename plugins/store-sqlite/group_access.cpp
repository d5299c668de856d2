// SPDX-License-Identifier: Apache-2.0
// GroupAccess: join seqs (written by SqliteGroupStore::add_members), invite epochs and the
// "who may add me to groups" setting.
#include "stores.hpp"

namespace sb::store_sqlite {

std::optional<std::int64_t> SqliteGroupAccess::join_seq(const std::string& group,
                                                        const std::string& user) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT joined_seq FROM group_members WHERE group_id = ? AND user = ?");
  q.bind(1, group).bind(2, user);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

std::int64_t SqliteGroupAccess::invite_epoch(const std::string& group) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT invite_epoch FROM groups WHERE id = ?");
  q.bind(1, group);
  if (!q.step())
    throw StoreError(StoreError::Kind::not_found, "group " + group + " does not exist");
  return q.integer(0);
}

std::int64_t SqliteGroupAccess::bump_invite_epoch(const std::string& group) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto n = conn->query("UPDATE groups SET invite_epoch = invite_epoch + 1 WHERE id = ?")
               .bind(1, group)
               .run();
  if (n == 0) throw StoreError(StoreError::Kind::not_found, "group " + group + " does not exist");
  auto q = conn->query("SELECT invite_epoch FROM groups WHERE id = ?");
  q.bind(1, group);
  q.step();
  auto epoch = q.integer(0);
  tx.commit();
  return epoch;
}

std::optional<std::string> SqliteGroupAccess::group_add_privacy(const std::string& user) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT who FROM group_add_privacy WHERE user = ?");
  q.bind(1, user);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SqliteGroupAccess::set_group_add_privacy(const std::string& user, const std::string& who) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT INTO group_add_privacy (user, who) VALUES (?, ?) "
          "ON CONFLICT (user) DO UPDATE SET who = excluded.who")
      .bind(1, user)
      .bind(2, who)
      .run();
  tx.commit();
}

}  // namespace sb::store_sqlite
