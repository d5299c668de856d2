// SPDX-License-Identifier: Apache-2.0
// GroupStore: groups and their members. Members keep the order they joined in (`pos`, an
// identity column), which is the order the group was built in.
#include <set>

#include "pg_array.hpp"
#include "stores.hpp"

namespace sb::store_postgres {
namespace {

StoreError no_group(const std::string& id) {
  return StoreError(StoreError::Kind::not_found, "group " + id + " does not exist");
}

// Inserts those not yet members, in the given order; returns the users added, in that order.
// New members read the group's chat from the seq it hands out next (`from_next_seq`), the
// founding members from 1.
std::vector<std::string> insert_members(Connection& conn, const std::string& group,
                                        const std::vector<GroupMember>& members,
                                        bool from_next_seq) {
  if (members.empty()) return {};
  PgArray users, roles, joined;
  for (auto& m : members) {
    users.add(m.user);
    roles.add(m.role);
    joined.add(m.joined_ms);
  }
  auto r = conn.query(
      "INSERT INTO group_members (group_id, user_id, role, joined_ms, joined_seq) "
      "SELECT $1::text, t.u, t.r, t.j, CASE WHEN $5::boolean THEN COALESCE((SELECT last_seq "
      "FROM chats WHERE chat = 'g:' || $1::text), 0) + 1 ELSE 1 END "
      "FROM unnest($2::text[], $3::text[], $4::bigint[]) "
      "WITH ORDINALITY AS t(u, r, j, n) ORDER BY t.n "
      "ON CONFLICT (group_id, user_id) DO NOTHING RETURNING user_id",
      {group, users.str(), roles.str(), joined.str(), from_next_seq});
  std::set<std::string> added;
  for (int i = 0; i < r.rows(); ++i) added.insert(r.text(i, 0));
  std::vector<std::string> out;
  for (auto& m : members)
    if (added.erase(m.user) > 0) out.push_back(m.user);
  return out;
}

}  // namespace

void PgGroupStore::create_group(const GroupRecord& g) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
      "INSERT INTO groups (id, name, policy, created_by, created_ms) VALUES ($1, $2, $3, $4, $5)",
      {g.id, g.name, g.policy, g.created_by, g.created_ms});
  insert_members(*conn, g.id, g.members, false);
  tx.commit();
}

std::optional<GroupRecord> PgGroupStore::group(const std::string& id) {
  auto conn = pool_->acquire();
  // One statement, so the group and its members come from the same snapshot.
  auto r = conn->query(
      "SELECT g.id, g.name, g.policy, g.created_by, g.created_ms, m.user_id, m.role, "
      "m.joined_ms FROM groups g LEFT JOIN group_members m ON m.group_id = g.id "
      "WHERE g.id = $1 ORDER BY m.pos",
      {id});
  if (r.rows() == 0) return std::nullopt;
  GroupRecord g{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3), r.integer(0, 4), {}};
  for (int i = 0; i < r.rows(); ++i)
    if (!r.is_null(i, 5)) g.members.push_back({r.text(i, 5), r.text(i, 6), r.integer(i, 7)});
  return g;
}

std::vector<std::string> PgGroupStore::add_members(const std::string& group,
                                                   const std::vector<GroupMember>& members) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  if (conn->query("SELECT 1 FROM groups WHERE id = $1", {group}).rows() == 0) throw no_group(group);
  auto added = insert_members(*conn, group, members, true);
  tx.commit();
  return added;
}

std::vector<std::string> PgGroupStore::remove_members(const std::string& group,
                                                      const std::vector<std::string>& users) {
  if (users.empty()) return {};
  PgArray list;
  for (auto& u : users) list.add(u);
  auto conn = pool_->acquire();
  auto r = conn->query(
      "DELETE FROM group_members WHERE group_id = $1 AND user_id = ANY($2::text[]) "
      "RETURNING user_id",
      {group, list.str()});
  std::set<std::string> removed;
  for (int i = 0; i < r.rows(); ++i) removed.insert(r.text(i, 0));
  std::vector<std::string> out;
  for (auto& u : users)
    if (removed.erase(u) > 0) out.push_back(u);
  return out;
}

bool PgGroupStore::set_role(const std::string& group, const std::string& user,
                            const std::string& role) {
  auto conn = pool_->acquire();
  return conn->query("UPDATE group_members SET role = $3 WHERE group_id = $1 AND user_id = $2",
                     {group, user, role})
             .affected() > 0;
}

void PgGroupStore::set_name(const std::string& group, const std::string& name) {
  auto conn = pool_->acquire();
  if (conn->query("UPDATE groups SET name = $2 WHERE id = $1", {group, name}).affected() == 0)
    throw no_group(group);
}

void PgGroupStore::set_policy(const std::string& group, const std::string& policy) {
  auto conn = pool_->acquire();
  if (conn->query("UPDATE groups SET policy = $2 WHERE id = $1", {group, policy}).affected() == 0)
    throw no_group(group);
}

std::vector<std::string> PgGroupStore::groups_of(const std::string& user) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT group_id FROM group_members WHERE user_id = $1 ORDER BY group_id",
                       {user});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

}  // namespace sb::store_postgres
