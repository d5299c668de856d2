// SPDX-License-Identifier: Apache-2.0
// MediaIndex: a media row per upload, a media_holds row per (media, holder). A media row's
// unheld_since_ms is set when its last hold goes, cleared when one comes.
#include "media_index.hpp"

namespace sb::store_sqlite {

namespace {

MediaRecord record_of(const Query& q) {
  return {q.text(0), q.text(1),   q.text(2), static_cast<std::uint64_t>(q.integer(3)),
          q.text(4), q.integer(5)};
}

// Marks the media that lost their last hold (the given holder's) as unheld from now.
void mark_unheld(Connection& conn, std::int64_t now_ms) {
  conn.query(
          "UPDATE media SET unheld_since_ms = ? WHERE unheld_since_ms IS NULL AND NOT EXISTS "
          "(SELECT 1 FROM media_holds h WHERE h.media_id = media.id)")
      .bind(1, now_ms)
      .run();
}

// LIKE with the prefix's own wildcards escaped.
std::string like_prefix(std::string_view prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

void SqliteMediaIndex::add(const MediaRecord& r) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT INTO media (id, owner, sha256, size, content_type, created_ms, "
          "unheld_since_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, r.id)
      .bind(2, r.owner)
      .bind(3, r.sha256)
      .bind(4, static_cast<std::int64_t>(r.size))
      .bind(5, r.content_type)
      .bind(6, r.created_ms)
      .bind(7, r.created_ms)
      .run();
  tx.commit();
}

std::optional<MediaRecord> SqliteMediaIndex::get(const std::string& id) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT id, owner, sha256, size, content_type, created_ms FROM media WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return record_of(q);
}

std::optional<MediaRecord> SqliteMediaIndex::find_by_hash(const std::string& owner,
                                                          const std::string& sha256) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT id, owner, sha256, size, content_type, created_ms"
      " FROM media WHERE owner = ? AND sha256 = ? ORDER BY created_ms LIMIT 1");
  q.bind(1, owner).bind(2, sha256);
  if (!q.step()) return std::nullopt;
  return record_of(q);
}

std::uint64_t SqliteMediaIndex::hash_users(const std::string& sha256) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT COUNT(*) FROM media WHERE sha256 = ?");
  q.bind(1, sha256);
  q.step();
  return static_cast<std::uint64_t>(q.integer(0));
}

std::uint64_t SqliteMediaIndex::usage(const std::string& owner) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT COALESCE(SUM(size), 0) FROM media WHERE owner = ?");
  q.bind(1, owner);
  q.step();
  return static_cast<std::uint64_t>(q.integer(0));
}

bool SqliteMediaIndex::remove(const std::string& id) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM media_holds WHERE media_id = ?").bind(1, id).run();
  bool removed = conn->query("DELETE FROM media WHERE id = ?").bind(1, id).run() > 0;
  tx.commit();
  return removed;
}

bool SqliteMediaIndex::hold(const std::string& id, const std::string& holder, std::int64_t now_ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  if (conn->query("UPDATE media SET unheld_since_ms = NULL WHERE id = ?").bind(1, id).run() == 0)
    return false;
  conn->query("INSERT OR IGNORE INTO media_holds (media_id, holder, since_ms) VALUES (?, ?, ?)")
      .bind(1, id)
      .bind(2, holder)
      .bind(3, now_ms)
      .run();
  tx.commit();
  return true;
}

void SqliteMediaIndex::release(const std::string& holder, std::int64_t now_ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  if (conn->query("DELETE FROM media_holds WHERE holder = ?").bind(1, holder).run() > 0)
    mark_unheld(*conn, now_ms);
  tx.commit();
}

std::size_t SqliteMediaIndex::release_older(std::string_view prefix, std::int64_t before_ms,
                                            std::int64_t now_ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto n = conn->query("DELETE FROM media_holds WHERE holder LIKE ? ESCAPE '\\' AND since_ms < ?")
               .bind(1, like_prefix(prefix))
               .bind(2, before_ms)
               .run();
  if (n > 0) mark_unheld(*conn, now_ms);
  tx.commit();
  return static_cast<std::size_t>(n);
}

std::vector<std::string> SqliteMediaIndex::holders(const std::string& id, std::size_t max) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT holder FROM media_holds WHERE media_id = ? ORDER BY holder LIMIT ?");
  q.bind(1, id).bind(2, static_cast<std::int64_t>(max));
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::vector<MediaRecord> SqliteMediaIndex::unheld_since(std::int64_t before_ms, std::size_t max) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT id, owner, sha256, size, content_type, created_ms"
      " FROM media WHERE unheld_since_ms IS NOT NULL AND unheld_since_ms < ? "
      "ORDER BY unheld_since_ms LIMIT ?");
  q.bind(1, before_ms).bind(2, static_cast<std::int64_t>(max));
  std::vector<MediaRecord> out;
  while (q.step()) out.push_back(record_of(q));
  return out;
}

}  // namespace sb::store_sqlite
