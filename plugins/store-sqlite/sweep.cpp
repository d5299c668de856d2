// SPDX-License-Identifier: Apache-2.0
// MessageStore::sweep: retention in chunks, each a job of the writer's group commit. One
// transaction of its own over every doomed message held the write lock for up to a second
// while the writer — every append — waited (p99 900 ms with a sweep every 2 s under load);
// chunks in short transactions of their own still starved the writer on a busy machine.
// As writer jobs they interleave with the appends: each batch carries at most one chunk.
#include <future>
#include <limits>

#include "stores.hpp"

namespace sb::store_sqlite {
namespace {

constexpr int kMaxChunks = 1'000'000;  // bounded: 500 million messages per sweep

}  // namespace

SweepChunk sweep_rows(Connection& conn, const SweepRequest& r) {
  auto now = r.now_ms;
  auto retention = r.retention;
  auto undelivered_ttl_ms = r.undelivered_ttl_ms;
  conn.exec(
      "CREATE TEMP TABLE IF NOT EXISTS doomed (chat TEXT NOT NULL, seq INTEGER NOT NULL, "
      "PRIMARY KEY (chat, seq)) WITHOUT ROWID");
  conn.query("DELETE FROM temp.doomed").run();
  // Inbox rows at or below their device's acked cursor, by ranges of the clustered key:
  // acks only move the cursor (ack_rows.cpp). First, so that messages delivered everywhere
  // count as such below.
  auto acked_rows = conn.query(
                            "DELETE FROM inbox WHERE (user, device, cursor) IN (SELECT i.user, "
                            "i.device, i.cursor FROM acked a JOIN inbox i ON i.user = a.user AND "
                            "i.device = a.device AND i.cursor <= a.cursor LIMIT ?)")
                        .bind(1, kSweepAckedChunk)
                        .run();
  // More acked rows wait: delete them first (each chunk costs what it deletes), and pick
  // messages only once the inbox holds just what is still pending, so the scans below do
  // not run over rows that are already gone in every chunk.
  if (acked_rows >= kSweepAckedChunk) return SweepChunk{0, kSweepChunk};
  conn.query(
          "INSERT OR IGNORE INTO temp.doomed SELECT chat, seq FROM messages "
          "WHERE expires_ms > 0 AND expires_ms <= ? LIMIT ?")
      .bind(1, now)
      .bind(2, kSweepChunk)
      .run();
  bool ttl = retention == Retention::until_delivered && undelivered_ttl_ms > 0;
  if (retention == Retention::until_delivered) {
    conn.query(
            "INSERT OR IGNORE INTO temp.doomed SELECT chat, seq FROM messages WHERE (chat, seq) "
            "NOT IN (SELECT chat, seq FROM inbox WHERE seq > 0) LIMIT ?")
        .bind(1, kSweepChunk)
        .run();
  }
  if (ttl) {
    conn.query(
            "INSERT OR IGNORE INTO temp.doomed SELECT chat, seq FROM messages WHERE ts < ? "
            "LIMIT ?")
        .bind(1, now - undelivered_ttl_ms)
        .bind(2, kSweepChunk)
        .run();
  }
  // Floors first: the rows that held the highest seq or cursor may be about to go.
  conn.query(
          "INSERT INTO seq_floor (chat, seq) SELECT chat, MAX(seq) FROM temp.doomed WHERE true "
          "GROUP BY chat ON CONFLICT (chat) DO UPDATE SET seq = MAX(seq, excluded.seq)")
      .run();
  auto floor = conn.query(
      "INSERT INTO cursor_floor (user, device, cursor) SELECT i.user, i.device, MAX(i.cursor) "
      "FROM inbox i WHERE (i.seq > 0 AND (i.chat, i.seq) IN (SELECT chat, seq FROM temp.doomed)) "
      "OR (i.seq = 0 AND i.ts < ?) GROUP BY i.user, i.device "
      "ON CONFLICT (user, device) DO UPDATE SET cursor = MAX(cursor, excluded.cursor)");
  floor.bind(1, ttl ? now - undelivered_ttl_ms : std::numeric_limits<std::int64_t>::min()).run();
  conn.query(
          "DELETE FROM inbox WHERE (seq > 0 AND (chat, seq) IN (SELECT chat, seq FROM "
          "temp.doomed)) OR (seq = 0 AND ts < ?)")
      .bind(1, ttl ? now - undelivered_ttl_ms : std::numeric_limits<std::int64_t>::min())
      .run();
  auto gone =
      conn.query("DELETE FROM messages WHERE (chat, seq) IN (SELECT chat, seq FROM temp.doomed)")
          .run();
  SweepChunk out;
  out.deleted = gone;
  auto q = conn.query("SELECT COUNT(*) FROM temp.doomed");
  out.picked = q.step() ? q.integer(0) : 0;
  return out;
}

std::int64_t SqliteMessageStore::sweep(std::int64_t now, Retention retention,
                                       std::int64_t undelivered_ttl_ms) {
  std::int64_t gone = 0;
  for (int i = 0; i < kMaxChunks; ++i) {
    std::promise<SweepChunk> done;
    auto result = done.get_future();
    writer_->sweep({now, retention, undelivered_ttl_ms},
                   [&done](const SweepChunk* chunk, const StoreError* error) {
                     if (error)
                       done.set_exception(std::make_exception_ptr(*error));
                     else
                       done.set_value(*chunk);
                   });
    auto chunk = result.get();
    gone += chunk.deleted;
    if (chunk.picked < kSweepChunk) break;
  }
  return gone;
}

}  // namespace sb::store_sqlite
