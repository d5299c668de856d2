// SPDX-License-Identifier: Apache-2.0
// AccountStore: users, devices, login codes and refresh tokens. A user's phone lives in
// user_phones, keyed by phone, so that users can be keyed (and distributed) by id while the
// phone stays unique; create_user claims the phone first.
#include "stores.hpp"

namespace sb::store_postgres {
namespace {

std::optional<UserRecord> read_user(Connection& conn, const std::string& id) {
  auto r = conn.query("SELECT id, phone, display_name, created_ms, banned FROM users WHERE id = $1",
                      {id});
  if (r.rows() == 0) return std::nullopt;
  return UserRecord{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.integer(0, 3), r.boolean(0, 4)};
}

std::optional<std::string> user_of_phone(Connection& conn, const std::string& phone) {
  auto r = conn.query("SELECT user_id FROM user_phones WHERE phone = $1", {phone});
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

}  // namespace

std::optional<UserRecord> PgAccountStore::user_by_phone(const std::string& phone) {
  auto conn = pool_->acquire();
  auto id = user_of_phone(*conn, phone);
  return id ? read_user(*conn, *id) : std::nullopt;
}

std::optional<UserRecord> PgAccountStore::user_by_id(const std::string& id) {
  auto conn = pool_->acquire();
  return read_user(*conn, id);
}

UserRecord PgAccountStore::create_user(const UserRecord& user) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  // A racing create of the same phone waits here for the other's commit, then finds it.
  auto claimed = conn->query(
                         "INSERT INTO user_phones (phone, user_id) VALUES ($1, $2) "
                         "ON CONFLICT (phone) DO NOTHING",
                         {user.phone, user.id})
                     .affected();
  if (claimed > 0)
    conn->query(
        "INSERT INTO users (id, phone, display_name, created_ms, banned) "
        "VALUES ($1, $2, $3, $4, $5)",
        {user.id, user.phone, user.display_name, user.created_ms, user.banned});
  auto id = user_of_phone(*conn, user.phone);
  auto stored = id ? read_user(*conn, *id) : std::nullopt;
  tx.commit();
  if (!stored)
    throw StoreError(StoreError::Kind::unavailable, "create_user: user vanished after insert");
  return *stored;
}

void PgAccountStore::set_banned(const std::string& user, bool banned) {
  auto conn = pool_->acquire();
  conn->query("UPDATE users SET banned = $2 WHERE id = $1", {user, banned});
}

void PgAccountStore::set_display_name(const std::string& user, const std::string& name) {
  auto conn = pool_->acquire();
  conn->query("UPDATE users SET display_name = $2 WHERE id = $1", {user, name});
}

void PgAccountStore::add_device(const DeviceRecord& d) {
  auto conn = pool_->acquire();
  // Registering the same device again keeps its history and takes the new name.
  conn->query(
      "INSERT INTO devices (user_id, id, name, created_ms, last_seen_ms) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, id) DO UPDATE SET name = excluded.name",
      {d.user, d.id, d.name, d.created_ms, d.last_seen_ms});
}

std::vector<DeviceRecord> PgAccountStore::devices(const std::string& user) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT user_id, id, name, created_ms, last_seen_ms FROM devices WHERE user_id = $1 "
      "ORDER BY created_ms, id",
      {user});
  std::vector<DeviceRecord> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.integer(i, 3), r.integer(i, 4)});
  return out;
}

bool PgAccountStore::remove_device(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto removed =
      conn->query("DELETE FROM devices WHERE user_id = $1 AND id = $2", {user, device}).affected();
  // The counter row stays: a device id registered again never reuses a cursor.
  conn->query("UPDATE device_cursors SET acked = 0 WHERE user_id = $1 AND device = $2",
              {user, device});
  conn->query("DELETE FROM inbox WHERE user_id = $1 AND device = $2", {user, device});
  conn->query("DELETE FROM refresh_tokens WHERE user_id = $1 AND device = $2", {user, device});
  // device_keys before one_time_keys: the order take_bundles locks them in.
  conn->query("DELETE FROM device_keys WHERE user_id = $1 AND device = $2", {user, device});
  conn->query("DELETE FROM one_time_keys WHERE user_id = $1 AND device = $2", {user, device});
  conn->query("DELETE FROM push_subscriptions WHERE user_id = $1 AND device = $2", {user, device});
  tx.commit();
  return removed > 0;
}

void PgAccountStore::touch_device(const std::string& user, const std::string& device,
                                  std::int64_t ms) {
  auto conn = pool_->acquire();
  conn->query(
      "UPDATE devices SET last_seen_ms = GREATEST(last_seen_ms, $3) WHERE user_id = $1 AND "
      "id = $2",
      {user, device, ms});
}

void PgAccountStore::put_login_code(const LoginCode& c) {
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO login_codes (phone, code_hash, expires_ms, attempts) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (phone) DO UPDATE SET code_hash = excluded.code_hash, "
      "expires_ms = excluded.expires_ms, attempts = excluded.attempts",
      {c.phone, c.code_hash, c.expires_ms, c.attempts});
}

std::optional<LoginCode> PgAccountStore::login_code(const std::string& phone) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT phone, code_hash, expires_ms, attempts FROM login_codes WHERE phone = $1", {phone});
  if (r.rows() == 0) return std::nullopt;
  return LoginCode{r.text(0, 0), r.text(0, 1), r.integer(0, 2), static_cast<int>(r.integer(0, 3))};
}

int PgAccountStore::count_login_attempt(const std::string& phone) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "UPDATE login_codes SET attempts = attempts + 1 WHERE phone = $1 RETURNING attempts",
      {phone});
  return r.rows() > 0 ? static_cast<int>(r.integer(0, 0)) : 0;
}

void PgAccountStore::delete_login_code(const std::string& phone) {
  auto conn = pool_->acquire();
  conn->query("DELETE FROM login_codes WHERE phone = $1", {phone});
}

void PgAccountStore::put_refresh_token(const std::string& token_hash, const RefreshGrant& g) {
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO refresh_tokens (token_hash, user_id, device, expires_ms) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO UPDATE SET user_id = "
      "excluded.user_id, device = excluded.device, expires_ms = excluded.expires_ms",
      {token_hash, g.user, g.device, g.expires_ms});
}

std::optional<RefreshGrant> PgAccountStore::take_refresh_token(const std::string& token_hash) {
  auto conn = pool_->acquire();
  // One statement: of two racing takes, the second finds the row gone.
  auto r = conn->query(
      "DELETE FROM refresh_tokens WHERE token_hash = $1 RETURNING user_id, device, expires_ms",
      {token_hash});
  if (r.rows() == 0) return std::nullopt;
  return RefreshGrant{r.text(0, 0), r.text(0, 1), r.integer(0, 2)};
}

void PgAccountStore::delete_refresh_tokens(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  conn->query("DELETE FROM refresh_tokens WHERE user_id = $1 AND device = $2", {user, device});
}

}  // namespace sb::store_postgres
