// SPDX-License-Identifier: Apache-2.0
// StatusStore: posts, their audience lists (excepted or chosen users) and views.
#include "social_stores.hpp"

namespace sb::store_sqlite {
namespace {

// The posts' statements are whole literals (the connection caches statements by address) and
// select these columns in this order: id, user, text, media, privacy, posted_ms, expires_ms.
std::vector<StatusPost> read_posts(Connection& conn, Query& q) {
  std::vector<StatusPost> out;
  while (q.step())
    out.push_back(StatusPost{
        q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), {}, q.integer(5), q.integer(6)});
  for (auto& p : out) {
    auto a = conn.query("SELECT user FROM status_audience WHERE status = ? ORDER BY user");
    a.bind(1, p.id);
    while (a.step()) p.users.push_back(a.text(0));
  }
  return out;
}

}  // namespace

void SqliteStatusStore::add_status(const StatusPost& p) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
          "INSERT INTO statuses (id, user, text, media, privacy, posted_ms, expires_ms) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, p.id)
      .bind(2, p.user)
      .bind(3, p.text)
      .bind(4, p.media)
      .bind(5, p.privacy)
      .bind(6, p.posted_ms)
      .bind(7, p.expires_ms)
      .run();
  for (auto& u : p.users)
    conn->query("INSERT OR IGNORE INTO status_audience (status, user) VALUES (?, ?)")
        .bind(1, p.id)
        .bind(2, u)
        .run();
  tx.commit();
}

std::optional<StatusPost> SqliteStatusStore::status(const std::string& id) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT id, user, text, media, privacy, posted_ms, expires_ms FROM statuses "
      "WHERE id = ?");
  q.bind(1, id);
  auto posts = read_posts(*conn, q);
  if (posts.empty()) return std::nullopt;
  return std::move(posts.front());
}

std::vector<StatusPost> SqliteStatusStore::statuses_of(const std::string& user,
                                                       std::int64_t now_ms) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT id, user, text, media, privacy, posted_ms, expires_ms FROM statuses "
      "WHERE user = ? AND expires_ms > ? ORDER BY posted_ms DESC, id DESC");
  q.bind(1, user).bind(2, now_ms);
  return read_posts(*conn, q);
}

std::vector<StatusPost> SqliteStatusStore::feed_candidates(const std::string& viewer,
                                                           std::int64_t now_ms, std::size_t limit) {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT id, user, text, media, privacy, posted_ms, expires_ms FROM statuses "
      "WHERE expires_ms > ?2 AND user <> ?1 AND ("
      "user IN (SELECT user FROM contacts WHERE contact = ?1) OR "
      "id IN (SELECT status FROM status_audience WHERE user = ?1)) "
      "ORDER BY posted_ms DESC, id DESC LIMIT ?3");
  q.bind(1, viewer).bind(2, now_ms).bind(3, static_cast<std::int64_t>(limit));
  return read_posts(*conn, q);
}

bool SqliteStatusStore::delete_status(const std::string& id) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM status_audience WHERE status = ?").bind(1, id).run();
  conn->query("DELETE FROM status_views WHERE status = ?").bind(1, id).run();
  bool removed = conn->query("DELETE FROM statuses WHERE id = ?").bind(1, id).run() > 0;
  tx.commit();
  return removed;
}

bool SqliteStatusStore::add_view(const std::string& id, const std::string& viewer,
                                 std::int64_t ts) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  bool added = conn->query(
                       "INSERT OR IGNORE INTO status_views (status, viewer, ts) "
                       "VALUES (?, ?, ?)")
                   .bind(1, id)
                   .bind(2, viewer)
                   .bind(3, ts)
                   .run() > 0;
  tx.commit();
  return added;
}

std::vector<StatusView> SqliteStatusStore::views(const std::string& id) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT viewer, ts FROM status_views WHERE status = ? ORDER BY ts, viewer");
  q.bind(1, id);
  std::vector<StatusView> out;
  while (q.step()) out.push_back({q.text(0), q.integer(1)});
  return out;
}

std::vector<std::string> SqliteStatusStore::sweep_statuses(std::int64_t now_ms, std::size_t limit) {
  std::vector<std::string> ids;
  {
    auto conn = pool_->acquire();
    auto q =
        conn->query("SELECT id FROM statuses WHERE expires_ms <= ? ORDER BY expires_ms LIMIT ?");
    q.bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit));
    while (q.step()) ids.push_back(q.text(0));
  }
  for (auto& id : ids) delete_status(id);
  return ids;
}

}  // namespace sb::store_sqlite
