// SPDX-License-Identifier: Apache-2.0
// SocialStore: privacy settings, contacts and blocks. Users without a privacy row get the
// SDK's defaults.
#include "stores.hpp"

namespace sb::store_sqlite {
namespace {

// Runs `sql` with (user, each other) in one transaction.
void for_each_pair(Pool& pool, std::string_view sql, const std::string& user,
                   const std::vector<std::string>& others) {
  auto conn = pool.acquire();
  Transaction tx(*conn);
  for (auto& o : others) conn->query(sql).bind(1, user).bind(2, o).run();
  tx.commit();
}

bool pair_exists(Pool& pool, std::string_view sql, const std::string& a, const std::string& b) {
  auto conn = pool.acquire();
  auto q = conn->query(sql);
  q.bind(1, a).bind(2, b);
  return q.step();
}

}  // namespace

PrivacySettings SqliteSocialStore::privacy(const std::string& user) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT last_seen, online, read_receipts FROM privacy WHERE user = ?");
  q.bind(1, user);
  if (!q.step()) return {};
  return {q.text(0), q.text(1), q.text(2)};
}

void SqliteSocialStore::set_privacy(const std::string& user, const PrivacySettings& s) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT OR REPLACE INTO privacy (user, last_seen, online, read_receipts) "
          "VALUES (?, ?, ?, ?)")
      .bind(1, user)
      .bind(2, s.last_seen)
      .bind(3, s.online)
      .bind(4, s.read_receipts)
      .run();
  tx.commit();
}

void SqliteSocialStore::add_contacts(const std::string& user,
                                     const std::vector<std::string>& contacts) {
  for_each_pair(*pool_, "INSERT OR IGNORE INTO contacts (user, contact) VALUES (?, ?)", user,
                contacts);
}

void SqliteSocialStore::remove_contacts(const std::string& user,
                                        const std::vector<std::string>& contacts) {
  for_each_pair(*pool_, "DELETE FROM contacts WHERE user = ? AND contact = ?", user, contacts);
}

bool SqliteSocialStore::is_contact(const std::string& user, const std::string& contact) {
  return pair_exists(*pool_, "SELECT 1 FROM contacts WHERE user = ? AND contact = ?", user,
                     contact);
}

std::vector<std::string> SqliteSocialStore::contacts(const std::string& user) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT contact FROM contacts WHERE user = ? ORDER BY contact");
  q.bind(1, user);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

void SqliteSocialStore::block(const std::string& user, const std::string& blocked) {
  for_each_pair(*pool_, "INSERT OR IGNORE INTO blocks (user, blocked) VALUES (?, ?)", user,
                {blocked});
}

void SqliteSocialStore::unblock(const std::string& user, const std::string& blocked) {
  for_each_pair(*pool_, "DELETE FROM blocks WHERE user = ? AND blocked = ?", user, {blocked});
}

bool SqliteSocialStore::is_blocked(const std::string& user, const std::string& other) {
  return pair_exists(*pool_, "SELECT 1 FROM blocks WHERE user = ? AND blocked = ?", user, other);
}

}  // namespace sb::store_sqlite
