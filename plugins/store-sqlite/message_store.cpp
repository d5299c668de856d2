// SPDX-License-Identifier: Apache-2.0
// MessageStore: appends and queued acks go to the writer thread; inbox reads, direct acks, read
// marks, history and retention run on a pooled connection. Writes here take BEGIN IMMEDIATE, so
// they queue behind the writer's commit (busy_timeout) instead of failing.
#include <limits>

#include "stores.hpp"

namespace sb::store_sqlite {

void SqliteMessageStore::append(MessageWrite write, AppendDone done) {
  writer_->append(std::move(write), std::move(done));
}

void SqliteMessageStore::append_events(std::vector<EventWrite> events, EventsDone done) {
  writer_->append_events(std::move(events), std::move(done));
}

void SqliteMessageStore::flush() {
  writer_->flush();
}

std::vector<InboxEntry> SqliteMessageStore::inbox(const std::string& user,
                                                  const std::string& device,
                                                  std::int64_t after_cursor, int limit) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT i.cursor, i.kind, i.chat, i.seq, m.sender_user, m.sender_device, m.ts, m.enc, "
      "COALESCE(i.body, m.body), i.payload, m.kind FROM inbox i LEFT JOIN messages m "
      "ON i.seq > 0 AND m.chat = i.chat AND m.seq = i.seq "
      "WHERE i.user = ? AND i.device = ? AND i.cursor > ? ORDER BY i.cursor LIMIT ?");
  q.bind(1, user).bind(2, device).bind(3, after_cursor).bind(4, std::int64_t{limit});
  std::vector<InboxEntry> out;
  while (q.step()) {
    InboxEntry e;
    e.cursor = q.integer(0);
    e.kind = q.text(1);
    e.chat = q.text(2);
    e.seq = q.integer(3);
    if (e.seq > 0) {
      if (q.is_null(4)) continue;  // retention removed the message between two statements
      e.msg_id = message_id(e.chat, e.seq);
      e.sender_user = q.text(4);
      e.sender_device = q.text(5);
      e.ts = q.integer(6);
      e.enc = q.text(7);
      e.body = q.text(8);
      e.kind = q.text(10);
    } else {
      e.payload = q.text(9);
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Delivered> SqliteMessageStore::ack(const std::string& user, const std::string& device,
                                               std::int64_t cursor) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto out = ack_rows(*conn, user, device, cursor);
  tx.commit();
  return out;
}

void SqliteMessageStore::ack(const std::string& user, const std::string& device,
                             std::int64_t cursor, AckDone done) {
  writer_->ack(user, device, cursor, std::move(done));
}

std::int64_t SqliteMessageStore::acked_cursor(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT cursor FROM acked WHERE user = ? AND device = ?");
  q.bind(1, user).bind(2, device);
  return q.step() ? q.integer(0) : 0;
}

std::vector<StoredMessage> SqliteMessageStore::history(const std::string& chat,
                                                       std::int64_t before_seq, int limit) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT seq, sender_user, sender_device, ts, kind, enc, body FROM messages "
      "WHERE chat = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
  q.bind(1, chat)
      .bind(2, before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max())
      .bind(3, std::int64_t{limit});
  std::vector<StoredMessage> out;
  while (q.step()) {
    StoredMessage m;
    m.chat = chat;
    m.seq = q.integer(0);
    m.msg_id = message_id(chat, m.seq);
    m.sender_user = q.text(1);
    m.sender_device = q.text(2);
    m.ts = q.integer(3);
    m.kind = q.text(4);
    m.enc = q.text(5);
    m.body = q.text(6);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> SqliteMessageStore::mark_read(const std::string& chat,
                                                       const std::string& user,
                                                       std::int64_t upto_seq) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  std::int64_t previous = 0;
  {
    auto q = conn->query("SELECT seq FROM read_marks WHERE chat = ? AND user = ?");
    q.bind(1, chat).bind(2, user);
    if (q.step()) previous = q.integer(0);
  }
  if (upto_seq <= previous) return {};
  conn->query(
          "INSERT INTO read_marks (chat, user, seq) VALUES (?, ?, ?) ON CONFLICT (chat, user) "
          "DO UPDATE SET seq = excluded.seq")
      .bind(1, chat)
      .bind(2, user)
      .bind(3, upto_seq)
      .run();
  std::vector<std::string> senders;
  {
    auto q = conn->query(
        "SELECT DISTINCT sender_user FROM messages WHERE chat = ? AND seq > ? AND seq <= ? "
        "AND sender_user <> ? ORDER BY sender_user");
    q.bind(1, chat).bind(2, previous).bind(3, upto_seq).bind(4, user);
    while (q.step()) senders.push_back(q.text(0));
  }
  tx.commit();
  return senders;
}

std::int64_t SqliteMessageStore::sweep(std::int64_t now, Retention retention,
                                       std::int64_t undelivered_ttl_ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->exec(
      "CREATE TEMP TABLE IF NOT EXISTS doomed (chat TEXT NOT NULL, seq INTEGER NOT NULL, "
      "PRIMARY KEY (chat, seq)) WITHOUT ROWID");
  conn->query("DELETE FROM temp.doomed").run();
  conn->query(
          "INSERT OR IGNORE INTO temp.doomed SELECT chat, seq FROM messages "
          "WHERE expires_ms > 0 AND expires_ms <= ?")
      .bind(1, now)
      .run();
  bool ttl = retention == Retention::until_delivered && undelivered_ttl_ms > 0;
  if (retention == Retention::until_delivered) {
    conn->query(
            "INSERT OR IGNORE INTO temp.doomed SELECT chat, seq FROM messages WHERE (chat, seq) "
            "NOT IN (SELECT chat, seq FROM inbox WHERE seq > 0)")
        .run();
  }
  if (ttl) {
    conn->query("INSERT OR IGNORE INTO temp.doomed SELECT chat, seq FROM messages WHERE ts < ?")
        .bind(1, now - undelivered_ttl_ms)
        .run();
  }
  // Floors first: the rows that held the highest seq or cursor may be about to go.
  conn->query(
          "INSERT INTO seq_floor (chat, seq) SELECT chat, MAX(seq) FROM temp.doomed WHERE true "
          "GROUP BY chat ON CONFLICT (chat) DO UPDATE SET seq = MAX(seq, excluded.seq)")
      .run();
  auto floor = conn->query(
      "INSERT INTO cursor_floor (user, device, cursor) SELECT i.user, i.device, MAX(i.cursor) "
      "FROM inbox i WHERE (i.seq > 0 AND (i.chat, i.seq) IN (SELECT chat, seq FROM temp.doomed)) "
      "OR (i.seq = 0 AND i.ts < ?) GROUP BY i.user, i.device "
      "ON CONFLICT (user, device) DO UPDATE SET cursor = MAX(cursor, excluded.cursor)");
  floor.bind(1, ttl ? now - undelivered_ttl_ms : std::numeric_limits<std::int64_t>::min()).run();
  conn->query(
          "DELETE FROM inbox WHERE (seq > 0 AND (chat, seq) IN (SELECT chat, seq FROM "
          "temp.doomed)) OR (seq = 0 AND ts < ?)")
      .bind(1, ttl ? now - undelivered_ttl_ms : std::numeric_limits<std::int64_t>::min())
      .run();
  auto gone =
      conn->query("DELETE FROM messages WHERE (chat, seq) IN (SELECT chat, seq FROM temp.doomed)")
          .run();
  tx.commit();
  return gone;
}

}  // namespace sb::store_sqlite
