// SPDX-License-Identifier: Apache-2.0
// The schema as versioned migrations. Append a new entry for every change and never edit a
// released one: the database records its versions in schema_version and start-up runs the
// rest, under an advisory lock so that nodes starting together migrate once.
#include <array>

#include "schema.hpp"

namespace sb::store_postgres {
namespace {

struct Migration {
  std::int64_t version;
  const char* sql;
};

// Every big table's primary key starts with the column Citus would distribute it by, and no
// unique key spans two distributions: messages, chats, read_marks by chat; inbox and
// device_cursors by user_id; client_ids by sender_user; the rest by their user or group.
// `chats` and `device_cursors` hold the counters: seq and cursors are handed out by
// UPDATE ... RETURNING on them inside the writer's transaction, so several nodes never hand
// out the same one, and they stay after retention deletes the rows they counted.
// COLLATE "C" everywhere: ORDER BY must give the byte order store-sqlite gives.
constexpr std::array kMigrations{
    Migration{1, R"sql(
CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY, phone text COLLATE "C" NOT NULL,
  display_name text NOT NULL, created_ms bigint NOT NULL, banned boolean NOT NULL DEFAULT false);
CREATE TABLE user_phones (
  phone text COLLATE "C" PRIMARY KEY, user_id text COLLATE "C" NOT NULL);
CREATE TABLE devices (
  user_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, name text NOT NULL,
  created_ms bigint NOT NULL, last_seen_ms bigint NOT NULL, PRIMARY KEY (user_id, id));
CREATE TABLE login_codes (
  phone text COLLATE "C" PRIMARY KEY, code_hash text NOT NULL, expires_ms bigint NOT NULL,
  attempts integer NOT NULL);
CREATE TABLE refresh_tokens (
  token_hash text COLLATE "C" PRIMARY KEY, user_id text COLLATE "C" NOT NULL,
  device text COLLATE "C" NOT NULL, expires_ms bigint NOT NULL);
CREATE INDEX refresh_tokens_device ON refresh_tokens (user_id, device);

CREATE TABLE chats (
  chat text COLLATE "C" PRIMARY KEY, last_seq bigint NOT NULL, last_ts bigint NOT NULL);
CREATE TABLE messages (
  chat text COLLATE "C" NOT NULL, seq bigint NOT NULL, sender_user text COLLATE "C" NOT NULL,
  sender_device text COLLATE "C" NOT NULL, client_msg_id text COLLATE "C" NOT NULL,
  ts bigint NOT NULL, kind text NOT NULL, enc text NOT NULL, body text NOT NULL,
  expires_ms bigint NOT NULL, PRIMARY KEY (chat, seq));
CREATE INDEX messages_expiry ON messages (expires_ms) WHERE expires_ms > 0;
CREATE TABLE client_ids (
  sender_user text COLLATE "C" NOT NULL, sender_device text COLLATE "C" NOT NULL,
  client_msg_id text COLLATE "C" NOT NULL, chat text COLLATE "C" NOT NULL, seq bigint NOT NULL,
  ts bigint NOT NULL, PRIMARY KEY (sender_user, sender_device, client_msg_id));
CREATE TABLE read_marks (
  chat text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL, seq bigint NOT NULL,
  PRIMARY KEY (chat, user_id));
CREATE TABLE device_cursors (
  user_id text COLLATE "C" NOT NULL, device text COLLATE "C" NOT NULL,
  last_cursor bigint NOT NULL, acked bigint NOT NULL, PRIMARY KEY (user_id, device));
CREATE TABLE inbox (
  user_id text COLLATE "C" NOT NULL, device text COLLATE "C" NOT NULL, cursor bigint NOT NULL,
  kind text NOT NULL, chat text COLLATE "C" NOT NULL, seq bigint NOT NULL, body text,
  payload text, ts bigint NOT NULL, PRIMARY KEY (user_id, device, cursor));

CREATE TABLE groups (
  id text COLLATE "C" PRIMARY KEY, name text NOT NULL, policy text NOT NULL,
  created_by text COLLATE "C" NOT NULL, created_ms bigint NOT NULL);
CREATE TABLE group_members (
  group_id text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL, role text NOT NULL,
  joined_ms bigint NOT NULL, pos bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (group_id, user_id));
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE device_keys (
  user_id text COLLATE "C" NOT NULL, device text COLLATE "C" NOT NULL,
  identity_key text NOT NULL, signed_id bigint NOT NULL, signed_key text NOT NULL,
  signed_signature text NOT NULL, last_resort_id bigint, last_resort_key text,
  PRIMARY KEY (user_id, device));
CREATE TABLE one_time_keys (
  user_id text COLLATE "C" NOT NULL, device text COLLATE "C" NOT NULL, id bigint NOT NULL,
  key text NOT NULL, PRIMARY KEY (user_id, device, id));

CREATE TABLE privacy (
  user_id text COLLATE "C" PRIMARY KEY, last_seen text NOT NULL, online text NOT NULL,
  read_receipts text NOT NULL);
CREATE TABLE contacts (
  user_id text COLLATE "C" NOT NULL, contact text COLLATE "C" NOT NULL,
  PRIMARY KEY (user_id, contact));
CREATE TABLE blocks (
  user_id text COLLATE "C" NOT NULL, blocked text COLLATE "C" NOT NULL,
  PRIMARY KEY (user_id, blocked));
)sql"},
    // PushStore: a device's push subscriptions; one per (provider, endpoint).
    Migration{2, R"sql(
CREATE TABLE push_subscriptions (
  user_id text COLLATE "C" NOT NULL, device text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL,
  provider text NOT NULL, endpoint text NOT NULL, p256dh text NOT NULL, auth text NOT NULL,
  created_ms bigint NOT NULL, PRIMARY KEY (user_id, device, id),
  UNIQUE (user_id, device, provider, endpoint));
)sql"},
    // GroupAccess: a member reads the group's chat from the seq they joined at; invite codes
    // carry the group's epoch (revoking bumps it); whom a user lets add them to groups.
    Migration{3, R"sql(
ALTER TABLE group_members ADD COLUMN joined_seq bigint NOT NULL DEFAULT 1;
ALTER TABLE groups ADD COLUMN invite_epoch bigint NOT NULL DEFAULT 0;
CREATE TABLE group_add_privacy (
  user_id text COLLATE "C" PRIMARY KEY, who text NOT NULL);
)sql"},
    // Profiles, status posts (with their audience lists and views) and the chat list: kept
    // apart from the message tables, which they only summarise.
    Migration{4, R"sql(
CREATE TABLE profiles (
  user_id text COLLATE "C" PRIMARY KEY, about text NOT NULL, avatar text NOT NULL,
  about_privacy text NOT NULL, avatar_privacy text NOT NULL, updated_ms bigint NOT NULL);
CREATE TABLE statuses (
  id text COLLATE "C" PRIMARY KEY, user_id text COLLATE "C" NOT NULL, text text NOT NULL,
  media text NOT NULL, privacy text NOT NULL, posted_ms bigint NOT NULL,
  expires_ms bigint NOT NULL);
CREATE INDEX statuses_user ON statuses (user_id, posted_ms);
CREATE INDEX statuses_expiry ON statuses (expires_ms);
CREATE TABLE status_audience (
  status text COLLATE "C" NOT NULL, user_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (status, user_id));
CREATE INDEX status_audience_user ON status_audience (user_id);
CREATE TABLE status_views (
  status text COLLATE "C" NOT NULL, viewer text COLLATE "C" NOT NULL, ts bigint NOT NULL,
  PRIMARY KEY (status, viewer));
CREATE TABLE chat_list (
  user_id text COLLATE "C" NOT NULL, chat text COLLATE "C" NOT NULL,
  last_msg_id text NOT NULL, last_seq bigint NOT NULL, last_from text COLLATE "C" NOT NULL,
  last_ts bigint NOT NULL, read_seq bigint NOT NULL, unread bigint NOT NULL,
  PRIMARY KEY (user_id, chat));
)sql"},
    // MediaIndex: uploads (content-addressed blobs live in the MediaStore) and who holds
    // them; unheld_since_ms is null while anything holds the media.
    Migration{5, R"sql(
CREATE TABLE media (
  id text COLLATE "C" PRIMARY KEY, owner text COLLATE "C" NOT NULL,
  sha256 text COLLATE "C" NOT NULL, size bigint NOT NULL, content_type text NOT NULL,
  created_ms bigint NOT NULL, unheld_since_ms bigint);
CREATE INDEX media_owner_hash ON media (owner, sha256);
CREATE INDEX media_hash ON media (sha256);
CREATE INDEX media_unheld ON media (unheld_since_ms) WHERE unheld_since_ms IS NOT NULL;
CREATE TABLE media_holds (
  media_id text COLLATE "C" NOT NULL, holder text COLLATE "C" NOT NULL,
  since_ms bigint NOT NULL, PRIMARY KEY (media_id, holder));
CREATE INDEX media_holds_holder ON media_holds (holder text_pattern_ops);
)sql"},
};

// "SBstore1": any constant works as long as every version of the plugin uses the same one.
constexpr std::int64_t kMigrationLock = 0x5342'7374'6f72'6531;

}  // namespace

void migrate(Connection& conn) {
  // Migrations and the wait for another node's may take longer than a statement may.
  conn.set_wait_limit(std::chrono::minutes(10));
  struct Restore {
    Connection& c;
    ~Restore() { c.reset_wait_limit(); }
  } restore{conn};
  Transaction tx(conn);
  conn.exec("SET LOCAL statement_timeout = 0");
  conn.query("SELECT pg_advisory_xact_lock($1)", {kMigrationLock});
  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version bigint PRIMARY KEY, "
      "applied_ms bigint NOT NULL)");
  auto have = conn.query("SELECT COALESCE(MAX(version), 0) FROM schema_version").integer(0, 0);
  auto known = kMigrations.back().version;
  if (have > known)
    throw StoreError(StoreError::Kind::invalid,
                     "postgres: the database has schema version " + std::to_string(have) +
                         ", newer than this plugin's " + std::to_string(known) +
                         "; upgrade every node's store-postgres");
  for (const auto& m : kMigrations) {
    if (m.version <= have) continue;
    conn.exec(m.sql);
    conn.query("INSERT INTO schema_version (version, applied_ms) VALUES ($1, $2)",
               {m.version, now_ms()});
  }
  tx.commit();
}

}  // namespace sb::store_postgres
