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
      "WHERE i.user = ?1 AND i.device = ?2 AND i.cursor > MAX(?3, COALESCE((SELECT cursor "
      "FROM acked WHERE user = ?1 AND device = ?2), 0)) ORDER BY i.cursor LIMIT ?4");
  // Rows at or below the acked cursor are delivered: the sweep deletes them later.
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

}  // namespace sb::store_sqlite
