// SPDX-License-Identifier: Apache-2.0
// MessageStore and MessageAcks: appends and queued acks go to the writer; inbox reads, direct
// acks, read marks, history and retention run on a pooled connection. Inbox rows (by user) and
// messages (by chat) are read with two statements rather than a join, so each touches one
// distribution key.
#include <limits>
#include <map>

#include "pg_array.hpp"
#include "schema.hpp"
#include "stores.hpp"

namespace sb::store_postgres {
namespace {

struct MessageRow {
  std::string sender_user, sender_device, enc, body, kind;
  std::int64_t ts = 0;
};

// The messages still held among (chat, seq) pairs, keyed by them.
std::map<std::pair<std::string, std::int64_t>, MessageRow> load_messages(Connection& conn,
                                                                         PgArray& chats,
                                                                         PgArray& seqs) {
  std::map<std::pair<std::string, std::int64_t>, MessageRow> out;
  if (chats.empty()) return out;
  auto r = conn.query(
      "SELECT chat, seq, sender_user, sender_device, ts, enc, body, kind FROM messages "
      "WHERE (chat, seq) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))",
      {chats.str(), seqs.str()});
  for (int i = 0; i < r.rows(); ++i)
    out[{r.text(i, 0), r.integer(i, 1)}] = {r.text(i, 2), r.text(i, 3), r.text(i, 5),
                                            r.text(i, 6), r.text(i, 7), r.integer(i, 4)};
  return out;
}

}  // namespace

void PgMessageStore::append(MessageWrite write, AppendDone done) {
  writer_->append(std::move(write), std::move(done));
}

void PgMessageStore::append_events(std::vector<EventWrite> events, EventsDone done) {
  writer_->append_events(std::move(events), std::move(done));
}

void PgMessageStore::flush() {
  writer_->flush();
}

std::vector<InboxEntry> PgMessageStore::inbox(const std::string& user, const std::string& device,
                                              std::int64_t after_cursor, int limit) {
  auto conn = pool_->acquire();
  // Rows at or below the acked cursor are delivered: the sweep deletes them later.
  auto r = conn->query(
      "SELECT cursor, kind, chat, seq, body, payload FROM inbox WHERE user_id = $1 AND "
      "device = $2 AND cursor > GREATEST($3, COALESCE((SELECT acked FROM device_cursors "
      "WHERE user_id = $1 AND device = $2), 0)) ORDER BY cursor LIMIT $4",
      {user, device, after_cursor, limit});
  PgArray chats, seqs;
  for (int i = 0; i < r.rows(); ++i) {
    if (r.integer(i, 3) <= 0) continue;
    chats.add(r.text(i, 2));
    seqs.add(r.integer(i, 3));
  }
  auto messages = load_messages(*conn, chats, seqs);
  std::vector<InboxEntry> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    InboxEntry e;
    e.cursor = r.integer(i, 0);
    e.kind = r.text(i, 1);
    e.chat = r.text(i, 2);
    e.seq = r.integer(i, 3);
    if (e.seq > 0) {
      auto it = messages.find({e.chat, e.seq});
      if (it == messages.end()) continue;  // retention removed it between the two statements
      auto& m = it->second;
      e.msg_id = message_id(e.chat, e.seq);
      e.sender_user = m.sender_user;
      e.sender_device = m.sender_device;
      e.ts = m.ts;
      e.enc = m.enc;
      e.body = r.is_null(i, 4) ? m.body : r.text(i, 4);
      e.kind = m.kind;
    } else {
      e.payload = r.text(i, 5);
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Delivered> PgMessageStore::ack(const std::string& user, const std::string& device,
                                           std::int64_t cursor) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto out = ack_rows(*conn, {{user, device, cursor}});
  tx.commit();
  return std::move(out.at(0));
}

void PgMessageStore::ack(const std::string& user, const std::string& device, std::int64_t cursor,
                         AckDone done) {
  writer_->ack({user, device, cursor}, std::move(done));
}

std::int64_t PgMessageStore::acked_cursor(const std::string& user, const std::string& device) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT acked FROM device_cursors WHERE user_id = $1 AND device = $2",
                       {user, device});
  return r.rows() > 0 ? r.integer(0, 0) : 0;
}

std::vector<StoredMessage> PgMessageStore::history(const std::string& chat, std::int64_t before_seq,
                                                   int limit) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT seq, sender_user, sender_device, ts, kind, enc, body FROM messages "
      "WHERE chat = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
      {chat, before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max(), limit});
  std::vector<StoredMessage> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    StoredMessage m;
    m.chat = chat;
    m.seq = r.integer(i, 0);
    m.msg_id = message_id(chat, m.seq);
    m.sender_user = r.text(i, 1);
    m.sender_device = r.text(i, 2);
    m.ts = r.integer(i, 3);
    m.kind = r.text(i, 4);
    m.enc = r.text(i, 5);
    m.body = r.text(i, 6);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> PgMessageStore::mark_read(const std::string& chat, const std::string& user,
                                                   std::int64_t upto_seq) {
  if (upto_seq <= 0) return {};
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  // The row exists and is locked before it is read, so racing marks take turns.
  conn->query(
      "INSERT INTO read_marks (chat, user_id, seq) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING",
      {chat, user});
  auto previous =
      conn->query("SELECT seq FROM read_marks WHERE chat = $1 AND user_id = $2 FOR UPDATE",
                  {chat, user})
          .integer(0, 0);
  if (upto_seq <= previous) {
    tx.commit();
    return {};
  }
  conn->query("UPDATE read_marks SET seq = $3 WHERE chat = $1 AND user_id = $2",
              {chat, user, upto_seq});
  auto r = conn->query(
      "SELECT DISTINCT sender_user FROM messages WHERE chat = $1 AND seq > $2 AND seq <= $3 "
      "AND sender_user <> $4 ORDER BY sender_user",
      {chat, previous, upto_seq, user});
  tx.commit();
  std::vector<std::string> senders;
  for (int i = 0; i < r.rows(); ++i) senders.push_back(r.text(i, 0));
  return senders;
}

std::int64_t PgMessageStore::sweep(std::int64_t now, Retention retention,
                                   std::int64_t undelivered_ttl_ms) {
  bool until_delivered = retention == Retention::until_delivered;
  bool ttl = until_delivered && undelivered_ttl_ms > 0;
  auto conn = pool_->acquire();
  // Acks only move a device's cursor (ack_rows.cpp): the rows at or below it go here, by
  // ranges of the primary key, before the messages they held count as delivered below.
  conn->query(
      "DELETE FROM inbox i USING device_cursors d WHERE i.user_id = d.user_id "
      "AND i.device = d.device AND i.cursor <= d.acked");
  // One statement, one snapshot: a message goes with its inbox rows and its client id.
  // The counters (chats, device_cursors) stay, so seq and cursors never go back.
  auto r = conn->query(
      "WITH doomed AS MATERIALIZED ("
      " SELECT chat, seq, sender_user, sender_device, client_msg_id FROM messages"
      "  WHERE expires_ms > 0 AND expires_ms <= $1"
      " UNION SELECT m.chat, m.seq, m.sender_user, m.sender_device, m.client_msg_id"
      "  FROM messages m WHERE $2::boolean AND NOT EXISTS"
      "  (SELECT 1 FROM inbox i WHERE i.chat = m.chat AND i.seq = m.seq)"
      " UNION SELECT chat, seq, sender_user, sender_device, client_msg_id FROM messages"
      "  WHERE $3::boolean AND ts < $4),"
      " gone_inbox AS (DELETE FROM inbox WHERE (seq > 0 AND (chat, seq) IN"
      "  (SELECT chat, seq FROM doomed)) OR (seq = 0 AND $3::boolean AND ts < $4)),"
      " gone_ids AS (DELETE FROM client_ids c USING doomed d WHERE d.client_msg_id <> ''"
      "  AND c.sender_user = d.sender_user AND c.sender_device = d.sender_device"
      "  AND c.client_msg_id = d.client_msg_id AND c.chat = d.chat AND c.seq = d.seq),"
      " gone AS (DELETE FROM messages m USING doomed d WHERE m.chat = d.chat AND m.seq = d.seq"
      "  RETURNING 1)"
      " SELECT count(*) FROM gone",
      {now, until_delivered, ttl, now - undelivered_ttl_ms});
  return r.integer(0, 0);
}

}  // namespace sb::store_postgres
