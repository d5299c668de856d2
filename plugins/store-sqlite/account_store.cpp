// SPDX-License-Identifier: Apache-2.0
// AccountStore: users, devices, login codes and refresh tokens. Multi-statement changes run
// in one IMMEDIATE transaction so that racing callers see them whole.
#include "stores.hpp"

namespace sb::store_sqlite {
namespace {

std::optional<UserRecord> read_user(Query& q) {
  if (!q.step()) return std::nullopt;
  return UserRecord{q.text(0), q.text(1), q.text(2), q.integer(3), q.integer(4) != 0};
}

}  // namespace

std::optional<UserRecord> SqliteAccountStore::user_by_phone(const std::string& phone) {
  auto conn = pool_->acquire();
  auto q =
      conn->query("SELECT id, phone, display_name, created_ms, banned FROM users WHERE phone = ?");
  q.bind(1, phone);
  return read_user(q);
}

std::optional<UserRecord> SqliteAccountStore::user_by_id(const std::string& id) {
  auto conn = pool_->acquire();
  auto q =
      conn->query("SELECT id, phone, display_name, created_ms, banned FROM users WHERE id = ?");
  q.bind(1, id);
  return read_user(q);
}

UserRecord SqliteAccountStore::create_user(const UserRecord& user) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT INTO users (id, phone, display_name, created_ms, banned) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (phone) DO NOTHING")
      .bind(1, user.id)
      .bind(2, user.phone)
      .bind(3, user.display_name)
      .bind(4, user.created_ms)
      .bind(5, std::int64_t{user.banned})
      .run();
  std::optional<UserRecord> stored;
  {
    auto q = conn->query(
        "SELECT id, phone, display_name, created_ms, banned FROM users WHERE phone = ?");
    q.bind(1, user.phone);
    stored = read_user(q);
  }
  tx.commit();
  if (!stored)
    throw StoreError(StoreError::Kind::unavailable, "create_user: user vanished after insert");
  return *stored;
}

void SqliteAccountStore::set_banned(const std::string& user, bool banned) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("UPDATE users SET banned = ? WHERE id = ?")
      .bind(1, std::int64_t{banned})
      .bind(2, user)
      .run();
  tx.commit();
}

void SqliteAccountStore::set_display_name(const std::string& user, const std::string& name) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("UPDATE users SET display_name = ? WHERE id = ?").bind(1, name).bind(2, user).run();
  tx.commit();
}

void SqliteAccountStore::add_device(const DeviceRecord& d) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  // Registering the same device again keeps its history and takes the new name.
  conn->query(
          "INSERT INTO devices (user, id, name, created_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (user, id) DO UPDATE SET name = excluded.name")
      .bind(1, d.user)
      .bind(2, d.id)
      .bind(3, d.name)
      .bind(4, d.created_ms)
      .bind(5, d.last_seen_ms)
      .run();
  tx.commit();
}

std::vector<DeviceRecord> SqliteAccountStore::devices(const std::string& user) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT user, id, name, created_ms, last_seen_ms FROM devices WHERE user = ? "
      "ORDER BY created_ms, id");
  q.bind(1, user);
  std::vector<DeviceRecord> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.integer(3), q.integer(4)});
  return out;
}

bool SqliteAccountStore::remove_device(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto removed = conn->query("DELETE FROM devices WHERE user = ? AND id = ?")
                     .bind(1, user)
                     .bind(2, device)
                     .run();
  // The cursor floor keeps a re-registered device id from reusing cursors after a restart.
  conn->query(
          "INSERT INTO cursor_floor (user, device, cursor) SELECT ?1, ?2, c FROM (SELECT "
          "MAX(c) AS c FROM (SELECT MAX(cursor) AS c FROM inbox WHERE user = ?1 AND device = ?2 "
          "UNION ALL SELECT cursor FROM acked WHERE user = ?1 AND device = ?2)) WHERE c NOT NULL "
          "ON CONFLICT (user, device) DO UPDATE SET cursor = MAX(cursor, excluded.cursor)")
      .bind(1, user)
      .bind(2, device)
      .run();
  for (auto sql : {"DELETE FROM inbox WHERE user = ? AND device = ?",
                   "DELETE FROM acked WHERE user = ? AND device = ?",
                   "DELETE FROM refresh_tokens WHERE user = ? AND device = ?",
                   "DELETE FROM one_time_keys WHERE user = ? AND device = ?",
                   "DELETE FROM device_keys WHERE user = ? AND device = ?",
                   "DELETE FROM push_subscriptions WHERE user = ? AND device = ?"})
    conn->query(sql).bind(1, user).bind(2, device).run();
  tx.commit();
  return removed > 0;
}

void SqliteAccountStore::touch_device(const std::string& user, const std::string& device,
                                      std::int64_t ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("UPDATE devices SET last_seen_ms = MAX(last_seen_ms, ?) WHERE user = ? AND id = ?")
      .bind(1, ms)
      .bind(2, user)
      .bind(3, device)
      .run();
  tx.commit();
}

void SqliteAccountStore::put_login_code(const LoginCode& c) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT OR REPLACE INTO login_codes (phone, code_hash, expires_ms, attempts) "
          "VALUES (?, ?, ?, ?)")
      .bind(1, c.phone)
      .bind(2, c.code_hash)
      .bind(3, c.expires_ms)
      .bind(4, std::int64_t{c.attempts})
      .run();
  tx.commit();
}

std::optional<LoginCode> SqliteAccountStore::login_code(const std::string& phone) {
  auto conn = pool_->acquire();
  auto q =
      conn->query("SELECT phone, code_hash, expires_ms, attempts FROM login_codes WHERE phone = ?");
  q.bind(1, phone);
  if (!q.step()) return std::nullopt;
  return LoginCode{q.text(0), q.text(1), q.integer(2), static_cast<int>(q.integer(3))};
}

int SqliteAccountStore::count_login_attempt(const std::string& phone) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  int attempts = 0;
  {
    auto q = conn->query(
        "UPDATE login_codes SET attempts = attempts + 1 WHERE phone = ? RETURNING attempts");
    q.bind(1, phone);
    if (q.step()) attempts = static_cast<int>(q.integer(0));
    while (q.step()) {
    }
  }
  tx.commit();
  return attempts;
}

void SqliteAccountStore::delete_login_code(const std::string& phone) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM login_codes WHERE phone = ?").bind(1, phone).run();
  tx.commit();
}

void SqliteAccountStore::put_refresh_token(const std::string& token_hash, const RefreshGrant& g) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT OR REPLACE INTO refresh_tokens (token_hash, user, device, expires_ms) "
          "VALUES (?, ?, ?, ?)")
      .bind(1, token_hash)
      .bind(2, g.user)
      .bind(3, g.device)
      .bind(4, g.expires_ms)
      .run();
  tx.commit();
}

std::optional<RefreshGrant> SqliteAccountStore::take_refresh_token(const std::string& token_hash) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  std::optional<RefreshGrant> grant;
  {
    auto q = conn->query(
        "DELETE FROM refresh_tokens WHERE token_hash = ? RETURNING user, device, expires_ms");
    q.bind(1, token_hash);
    if (q.step()) grant = RefreshGrant{q.text(0), q.text(1), q.integer(2)};
    while (q.step()) {
    }
  }
  tx.commit();
  return grant;
}

void SqliteAccountStore::delete_refresh_tokens(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM refresh_tokens WHERE user = ? AND device = ?")
      .bind(1, user)
      .bind(2, device)
      .run();
  tx.commit();
}

}  // namespace sb::store_sqlite
