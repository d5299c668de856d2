// SPDX-License-Identifier: Apache-2.0
// The schema as versioned migrations. Append a new entry for every change and never edit a
// released one: a database records which versions it has, and start-up runs the rest.
#include <array>

#include "database.hpp"

namespace sb::store_sqlite {
namespace {

struct Migration {
  std::int64_t version;
  const char* sql;
};

// Messages and inbox rows are WITHOUT ROWID, clustered on the keys every hot query uses.
// Every index costs the writer a random page per row, so the hot tables keep only what the
// append path needs; retention, which runs rarely, scans instead. msg_id is "<chat>/<seq>",
// derived, not stored. The *_floor tables remember counters whose rows retention deleted,
// so seq and cursors never go back after a restart.
constexpr std::array kMigrations{
    Migration{1, R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY, phone TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
  created_ms INTEGER NOT NULL, banned INTEGER NOT NULL DEFAULT 0);
CREATE TABLE devices (
  user TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, created_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL, PRIMARY KEY (user, id)) WITHOUT ROWID;
CREATE TABLE login_codes (
  phone TEXT PRIMARY KEY, code_hash TEXT NOT NULL, expires_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, device TEXT NOT NULL,
  expires_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX refresh_tokens_device ON refresh_tokens (user, device);

CREATE TABLE messages (
  chat TEXT NOT NULL, seq INTEGER NOT NULL, sender_user TEXT NOT NULL,
  sender_device TEXT NOT NULL, client_msg_id TEXT NOT NULL, ts INTEGER NOT NULL,
  kind TEXT NOT NULL, enc TEXT NOT NULL, body TEXT NOT NULL, expires_ms INTEGER NOT NULL,
  PRIMARY KEY (chat, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX messages_client_id ON messages (sender_user, sender_device, client_msg_id)
  WHERE client_msg_id <> '';
CREATE INDEX messages_expiry ON messages (expires_ms) WHERE expires_ms > 0;
CREATE INDEX messages_ts ON messages (ts);
CREATE TABLE inbox (
  user TEXT NOT NULL, device TEXT NOT NULL, cursor INTEGER NOT NULL, kind TEXT NOT NULL,
  chat TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT, payload TEXT, ts INTEGER NOT NULL,
  PRIMARY KEY (user, device, cursor)) WITHOUT ROWID;
CREATE INDEX inbox_message ON inbox (chat, seq) WHERE seq > 0;
CREATE TABLE acked (
  user TEXT NOT NULL, device TEXT NOT NULL, cursor INTEGER NOT NULL,
  PRIMARY KEY (user, device)) WITHOUT ROWID;
CREATE TABLE cursor_floor (
  user TEXT NOT NULL, device TEXT NOT NULL, cursor INTEGER NOT NULL,
  PRIMARY KEY (user, device)) WITHOUT ROWID;
CREATE TABLE seq_floor (chat TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE read_marks (
  chat TEXT NOT NULL, user TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (chat, user)) WITHOUT ROWID;

CREATE TABLE groups (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, policy TEXT NOT NULL, created_by TEXT NOT NULL,
  created_ms INTEGER NOT NULL);
CREATE TABLE group_members (
  group_id TEXT NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL, joined_ms INTEGER NOT NULL,
  UNIQUE (group_id, user));
CREATE INDEX group_members_user ON group_members (user);

CREATE TABLE device_keys (
  user TEXT NOT NULL, device TEXT NOT NULL, identity_key TEXT NOT NULL,
  signed_id INTEGER NOT NULL, signed_key TEXT NOT NULL, signed_signature TEXT NOT NULL,
  last_resort_id INTEGER, last_resort_key TEXT, PRIMARY KEY (user, device)) WITHOUT ROWID;
CREATE TABLE one_time_keys (
  user TEXT NOT NULL, device TEXT NOT NULL, id INTEGER NOT NULL, key TEXT NOT NULL,
  PRIMARY KEY (user, device, id)) WITHOUT ROWID;

CREATE TABLE privacy (
  user TEXT PRIMARY KEY, last_seen TEXT NOT NULL, online TEXT NOT NULL,
  read_receipts TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE contacts (
  user TEXT NOT NULL, contact TEXT NOT NULL, PRIMARY KEY (user, contact)) WITHOUT ROWID;
CREATE TABLE blocks (
  user TEXT NOT NULL, blocked TEXT NOT NULL, PRIMARY KEY (user, blocked)) WITHOUT ROWID;
)sql"},
    // Profiling the writer: both indexes cost a random page per row on the append path and
    // served only the retention sweep, which now scans.
    Migration{2, R"sql(
DROP INDEX IF EXISTS messages_ts;
DROP INDEX IF EXISTS inbox_message;
)sql"},
    // KvStore: small values per namespace (bots' sb.kv).
    Migration{3, R"sql(
CREATE TABLE kv (
  ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, updated_ms INTEGER NOT NULL,
  PRIMARY KEY (ns, key)) WITHOUT ROWID;
)sql"},
    // PushStore: a device's push subscriptions; one per (provider, endpoint).
    Migration{4, R"sql(
CREATE TABLE push_subscriptions (
  user TEXT NOT NULL, device TEXT NOT NULL, id TEXT NOT NULL, provider TEXT NOT NULL,
  endpoint TEXT NOT NULL, p256dh TEXT NOT NULL, auth TEXT NOT NULL, created_ms INTEGER NOT NULL,
  PRIMARY KEY (user, device, id)) WITHOUT ROWID;
CREATE UNIQUE INDEX push_subscriptions_endpoint
  ON push_subscriptions (user, device, provider, endpoint);
)sql"},
    // GroupAccess: a member reads the group's chat from the seq they joined at; invite codes
    // carry the group's epoch (revoking bumps it); whom a user lets add them to groups.
    Migration{5, R"sql(
ALTER TABLE group_members ADD COLUMN joined_seq INTEGER NOT NULL DEFAULT 1;
ALTER TABLE groups ADD COLUMN invite_epoch INTEGER NOT NULL DEFAULT 0;
CREATE TABLE group_add_privacy (user TEXT PRIMARY KEY, who TEXT NOT NULL) WITHOUT ROWID;
)sql"},
    // Profiles, status posts (with their audience lists and views) and the chat list: kept
    // apart from the message tables, which they only summarise.
    Migration{6, R"sql(
CREATE TABLE profiles (
  user TEXT PRIMARY KEY, about TEXT NOT NULL, avatar TEXT NOT NULL, about_privacy TEXT NOT NULL,
  avatar_privacy TEXT NOT NULL, updated_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE statuses (
  id TEXT PRIMARY KEY, user TEXT NOT NULL, text TEXT NOT NULL, media TEXT NOT NULL,
  privacy TEXT NOT NULL, posted_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL);
CREATE INDEX statuses_user ON statuses (user, posted_ms);
CREATE INDEX statuses_expiry ON statuses (expires_ms);
CREATE TABLE status_audience (
  status TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (status, user)) WITHOUT ROWID;
CREATE INDEX status_audience_user ON status_audience (user);
CREATE TABLE status_views (
  status TEXT NOT NULL, viewer TEXT NOT NULL, ts INTEGER NOT NULL,
  PRIMARY KEY (status, viewer)) WITHOUT ROWID;
CREATE TABLE chat_list (
  user TEXT NOT NULL, chat TEXT NOT NULL, last_msg_id TEXT NOT NULL, last_seq INTEGER NOT NULL,
  last_from TEXT NOT NULL, last_ts INTEGER NOT NULL, read_seq INTEGER NOT NULL,
  unread INTEGER NOT NULL, PRIMARY KEY (user, chat)) WITHOUT ROWID;
)sql"},
    // MediaIndex: uploads (content-addressed blobs live in the MediaStore) and who holds
    // them; unheld_since_ms is null while anything holds the media.
    Migration{7, R"sql(
CREATE TABLE media (
  id TEXT PRIMARY KEY, owner TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
  content_type TEXT NOT NULL, created_ms INTEGER NOT NULL, unheld_since_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX media_owner_hash ON media (owner, sha256);
CREATE INDEX media_hash ON media (sha256);
CREATE INDEX media_unheld ON media (unheld_since_ms) WHERE unheld_since_ms IS NOT NULL;
CREATE TABLE media_holds (
  media_id TEXT NOT NULL, holder TEXT NOT NULL, since_ms INTEGER NOT NULL,
  PRIMARY KEY (media_id, holder)) WITHOUT ROWID;
CREATE INDEX media_holds_holder ON media_holds (holder);
)sql"},
};

}  // namespace

void migrate(Connection& conn) {
  Transaction tx(conn);
  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_ms INTEGER NOT NULL)");
  std::int64_t have = 0;
  {
    auto q = conn.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (q.step()) have = q.integer(0);
  }
  for (const auto& m : kMigrations) {
    if (m.version <= have) continue;
    conn.exec(m.sql);
    conn.query("INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)")
        .bind(1, m.version)
        .bind(2, now_ms())
        .run();
  }
  tx.commit();
}

}  // namespace sb::store_sqlite
