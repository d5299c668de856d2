// SPDX-License-Identifier: Apache-2.0
// GroupStore: groups and their members. Members keep insertion order (rowid), which is the
// order the group was built in.
#include "stores.hpp"

namespace sb::store_sqlite {
namespace {

bool group_exists(Connection& conn, const std::string& id) {
  auto q = conn.query("SELECT 1 FROM groups WHERE id = ?");
  q.bind(1, id);
  return q.step();
}

StoreError no_group(const std::string& id) {
  return StoreError(StoreError::Kind::not_found, "group " + id + " does not exist");
}

bool insert_member(Connection& conn, const std::string& group, const GroupMember& m,
                   std::int64_t joined_seq) {
  return conn.query(
                 "INSERT INTO group_members (group_id, user, role, joined_ms, joined_seq) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, user) DO NOTHING")
             .bind(1, group)
             .bind(2, m.user)
             .bind(3, m.role)
             .bind(4, m.joined_ms)
             .bind(5, joined_seq)
             .run() > 0;
}

// The seq the group's chat hands out next, as far as committed rows tell (retention may have
// deleted the newest messages: seq_floor remembers them).
std::int64_t next_seq(Connection& conn, const std::string& group) {
  auto chat = "g:" + group;
  auto q = conn.query(
      "SELECT MAX(COALESCE((SELECT MAX(seq) FROM messages WHERE chat = ?), 0), "
      "COALESCE((SELECT seq FROM seq_floor WHERE chat = ?), 0))");
  q.bind(1, chat).bind(2, chat);
  return q.step() ? q.integer(0) + 1 : 1;
}

}  // namespace

void SqliteGroupStore::create_group(const GroupRecord& g) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT INTO groups (id, name, policy, created_by, created_ms) VALUES (?, ?, ?, ?, ?)")
      .bind(1, g.id)
      .bind(2, g.name)
      .bind(3, g.policy)
      .bind(4, g.created_by)
      .bind(5, g.created_ms)
      .run();
  for (auto& m : g.members) insert_member(*conn, g.id, m, 1);
  tx.commit();
}

std::optional<GroupRecord> SqliteGroupStore::group(const std::string& id) {
  auto conn = pool_->acquire();
  // One read transaction, so the group and its members come from the same snapshot.
  conn->query("BEGIN").run();
  struct End {
    Connection& c;
    ~End() {
      try {
        c.query("COMMIT").run();
      } catch (const StoreError&) {
        // A read-only transaction has nothing to lose.
      }
    }
  } end{*conn};
  GroupRecord g;
  {
    auto q =
        conn->query("SELECT id, name, policy, created_by, created_ms FROM groups WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    g = GroupRecord{q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4), {}};
  }
  auto q = conn->query(
      "SELECT user, role, joined_ms FROM group_members WHERE group_id = ? ORDER BY rowid");
  q.bind(1, id);
  while (q.step()) g.members.push_back({q.text(0), q.text(1), q.integer(2)});
  return g;
}

std::vector<std::string> SqliteGroupStore::add_members(const std::string& group,
                                                       const std::vector<GroupMember>& members) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  if (!group_exists(*conn, group)) throw no_group(group);
  std::vector<std::string> added;
  auto from = next_seq(*conn, group);
  for (auto& m : members)
    if (insert_member(*conn, group, m, from)) added.push_back(m.user);
  tx.commit();
  return added;
}

std::vector<std::string> SqliteGroupStore::remove_members(const std::string& group,
                                                          const std::vector<std::string>& users) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  std::vector<std::string> removed;
  for (auto& u : users) {
    auto n = conn->query("DELETE FROM group_members WHERE group_id = ? AND user = ?")
                 .bind(1, group)
                 .bind(2, u)
                 .run();
    if (n > 0) removed.push_back(u);
  }
  tx.commit();
  return removed;
}

bool SqliteGroupStore::set_role(const std::string& group, const std::string& user,
                                const std::string& role) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto n = conn->query("UPDATE group_members SET role = ? WHERE group_id = ? AND user = ?")
               .bind(1, role)
               .bind(2, group)
               .bind(3, user)
               .run();
  tx.commit();
  return n > 0;
}

void SqliteGroupStore::set_name(const std::string& group, const std::string& name) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto n =
      conn->query("UPDATE groups SET name = ? WHERE id = ?").bind(1, name).bind(2, group).run();
  if (n == 0) throw no_group(group);
  tx.commit();
}

void SqliteGroupStore::set_policy(const std::string& group, const std::string& policy) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto n =
      conn->query("UPDATE groups SET policy = ? WHERE id = ?").bind(1, policy).bind(2, group).run();
  if (n == 0) throw no_group(group);
  tx.commit();
}

std::vector<std::string> SqliteGroupStore::groups_of(const std::string& user) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT group_id FROM group_members WHERE user = ? ORDER BY group_id");
  q.bind(1, user);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

}  // namespace sb::store_sqlite
