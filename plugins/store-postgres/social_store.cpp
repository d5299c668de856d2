// SPDX-License-Identifier: Apache-2.0
// SocialStore: privacy settings, contacts and blocks. Users without a privacy row get the
// SDK's defaults.
#include "pg_array.hpp"
#include "stores.hpp"

namespace sb::store_postgres {

PrivacySettings PgSocialStore::privacy(const std::string& user) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT last_seen, online, read_receipts FROM privacy WHERE user_id = $1",
                       {user});
  if (r.rows() == 0) return {};
  return {r.text(0, 0), r.text(0, 1), r.text(0, 2)};
}

void PgSocialStore::set_privacy(const std::string& user, const PrivacySettings& s) {
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO privacy (user_id, last_seen, online, read_receipts) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (user_id) DO UPDATE SET last_seen = excluded.last_seen, "
      "online = excluded.online, read_receipts = excluded.read_receipts",
      {user, s.last_seen, s.online, s.read_receipts});
}

void PgSocialStore::add_contacts(const std::string& user,
                                 const std::vector<std::string>& contacts) {
  if (contacts.empty()) return;
  PgArray list;
  for (auto& c : contacts) list.add(c);
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO contacts (user_id, contact) SELECT $1::text, c FROM unnest($2::text[]) AS c "
      "ON CONFLICT DO NOTHING",
      {user, list.str()});
}

void PgSocialStore::remove_contacts(const std::string& user,
                                    const std::vector<std::string>& contacts) {
  if (contacts.empty()) return;
  PgArray list;
  for (auto& c : contacts) list.add(c);
  auto conn = pool_->acquire();
  conn->query("DELETE FROM contacts WHERE user_id = $1 AND contact = ANY($2::text[])",
              {user, list.str()});
}

bool PgSocialStore::is_contact(const std::string& user, const std::string& contact) {
  auto conn = pool_->acquire();
  return conn->query("SELECT 1 FROM contacts WHERE user_id = $1 AND contact = $2", {user, contact})
             .rows() > 0;
}

std::vector<std::string> PgSocialStore::contacts(const std::string& user) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT contact FROM contacts WHERE user_id = $1 ORDER BY contact", {user});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

void PgSocialStore::block(const std::string& user, const std::string& blocked) {
  auto conn = pool_->acquire();
  conn->query("INSERT INTO blocks (user_id, blocked) VALUES ($1, $2) ON CONFLICT DO NOTHING",
              {user, blocked});
}

void PgSocialStore::unblock(const std::string& user, const std::string& blocked) {
  auto conn = pool_->acquire();
  conn->query("DELETE FROM blocks WHERE user_id = $1 AND blocked = $2", {user, blocked});
}

bool PgSocialStore::is_blocked(const std::string& user, const std::string& other) {
  auto conn = pool_->acquire();
  return conn->query("SELECT 1 FROM blocks WHERE user_id = $1 AND blocked = $2", {user, other})
             .rows() > 0;
}

}  // namespace sb::store_postgres
