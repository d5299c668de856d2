// SPDX-License-Identifier: Apache-2.0
// MediaIndex: a media row per upload, a media_holds row per (media, holder). A media row's
// unheld_since_ms is set when its last hold goes, cleared when one comes.
#include "media_index.hpp"

namespace sb::store_postgres {

namespace {

MediaRecord record_of(const Result& r, int i) {
  return {r.text(i, 0), r.text(i, 1),   r.text(i, 2), static_cast<std::uint64_t>(r.integer(i, 3)),
          r.text(i, 4), r.integer(i, 5)};
}

// Marks the media that lost their last hold as unheld from now.
void mark_unheld(Connection& conn, std::int64_t now_ms) {
  conn.query(
      "UPDATE media SET unheld_since_ms = $1 WHERE unheld_since_ms IS NULL AND NOT EXISTS "
      "(SELECT 1 FROM media_holds h WHERE h.media_id = media.id)",
      {now_ms});
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

void PgMediaIndex::add(const MediaRecord& r) {
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO media (id, owner, sha256, size, content_type, created_ms, unheld_since_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $6)",
      {r.id, r.owner, r.sha256, static_cast<std::int64_t>(r.size), r.content_type, r.created_ms});
}

std::optional<MediaRecord> PgMediaIndex::get(const std::string& id) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT id, owner, sha256, size, content_type, created_ms FROM media WHERE id = $1", {id});
  if (r.rows() == 0) return std::nullopt;
  return record_of(r, 0);
}

std::optional<MediaRecord> PgMediaIndex::find_by_hash(const std::string& owner,
                                                      const std::string& sha256) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT id, owner, sha256, size, content_type, created_ms FROM media WHERE owner = $1 AND "
      "sha256 = $2 ORDER BY created_ms LIMIT 1",
      {owner, sha256});
  if (r.rows() == 0) return std::nullopt;
  return record_of(r, 0);
}

std::uint64_t PgMediaIndex::hash_users(const std::string& sha256) {
  auto conn = pool_->acquire();
  return static_cast<std::uint64_t>(
      conn->query("SELECT COUNT(*) FROM media WHERE sha256 = $1", {sha256}).integer(0, 0));
}

std::uint64_t PgMediaIndex::usage(const std::string& owner) {
  auto conn = pool_->acquire();
  return static_cast<std::uint64_t>(
      conn->query("SELECT COALESCE(SUM(size), 0) FROM media WHERE owner = $1", {owner})
          .integer(0, 0));
}

bool PgMediaIndex::remove(const std::string& id) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM media_holds WHERE media_id = $1", {id});
  bool removed = conn->query("DELETE FROM media WHERE id = $1", {id}).affected() > 0;
  tx.commit();
  return removed;
}

bool PgMediaIndex::hold(const std::string& id, const std::string& holder, std::int64_t now_ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  if (conn->query("UPDATE media SET unheld_since_ms = NULL WHERE id = $1", {id}).affected() == 0)
    return false;
  conn->query(
      "INSERT INTO media_holds (media_id, holder, since_ms) VALUES ($1, $2, $3) ON CONFLICT DO "
      "NOTHING",
      {id, holder, now_ms});
  tx.commit();
  return true;
}

void PgMediaIndex::release(const std::string& holder, std::int64_t now_ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  if (conn->query("DELETE FROM media_holds WHERE holder = $1", {holder}).affected() > 0)
    mark_unheld(*conn, now_ms);
  tx.commit();
}

std::size_t PgMediaIndex::release_older(std::string_view prefix, std::int64_t before_ms,
                                        std::int64_t now_ms) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto pattern = like_prefix(prefix);
  auto n = conn->query("DELETE FROM media_holds WHERE holder LIKE $1 AND since_ms < $2",
                       {pattern, before_ms})
               .affected();
  if (n > 0) mark_unheld(*conn, now_ms);
  tx.commit();
  return static_cast<std::size_t>(n);
}

std::vector<std::string> PgMediaIndex::holders(const std::string& id, std::size_t max) {
  auto conn = pool_->acquire();
  auto r =
      conn->query("SELECT holder FROM media_holds WHERE media_id = $1 ORDER BY holder LIMIT $2",
                  {id, static_cast<std::int64_t>(max)});
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
  return out;
}

std::vector<MediaRecord> PgMediaIndex::unheld_since(std::int64_t before_ms, std::size_t max) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT id, owner, sha256, size, content_type, created_ms FROM media WHERE "
      "unheld_since_ms IS NOT NULL AND unheld_since_ms < $1 ORDER BY unheld_since_ms LIMIT $2",
      {before_ms, static_cast<std::int64_t>(max)});
  std::vector<MediaRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(record_of(r, i));
  return out;
}

}  // namespace sb::store_postgres
