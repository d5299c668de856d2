// SPDX-License-Identifier: Apache-2.0
// GroupAccess: join seqs (written by PgGroupStore::add_members), invite epochs and the
// "who may add me to groups" setting.
#include "stores.hpp"

namespace sb::store_postgres {

std::optional<std::int64_t> PgGroupAccess::join_seq(const std::string& group,
                                                    const std::string& user) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT joined_seq FROM group_members WHERE group_id = $1 AND user_id = $2",
                       {group, user});
  if (r.rows() == 0) return std::nullopt;
  return r.integer(0, 0);
}

std::int64_t PgGroupAccess::invite_epoch(const std::string& group) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT invite_epoch FROM groups WHERE id = $1", {group});
  if (r.rows() == 0)
    throw StoreError(StoreError::Kind::not_found, "group " + group + " does not exist");
  return r.integer(0, 0);
}

std::int64_t PgGroupAccess::bump_invite_epoch(const std::string& group) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "UPDATE groups SET invite_epoch = invite_epoch + 1 WHERE id = $1 RETURNING invite_epoch",
      {group});
  if (r.rows() == 0)
    throw StoreError(StoreError::Kind::not_found, "group " + group + " does not exist");
  return r.integer(0, 0);
}

std::optional<std::string> PgGroupAccess::group_add_privacy(const std::string& user) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT who FROM group_add_privacy WHERE user_id = $1", {user});
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

void PgGroupAccess::set_group_add_privacy(const std::string& user, const std::string& who) {
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO group_add_privacy (user_id, who) VALUES ($1, $2) "
      "ON CONFLICT (user_id) DO UPDATE SET who = excluded.who",
      {user, who});
}

}  // namespace sb::store_postgres
