// SPDX-License-Identifier: Apache-2.0
// StatusStore: posts, their audience lists (excepted or chosen users) and views. A post's
// audience comes back as one array column, so a feed is one statement.
#include "pg_array.hpp"
#include "social_stores.hpp"

namespace sb::store_postgres {
namespace {

// The rows of a SELECT of (id, user_id, text, media, privacy, posted_ms, expires_ms,
// audience) where audience is array_to_string(users, ',') (user ids hold no comma).
std::vector<StatusPost> read_posts(const Result& r) {
  std::vector<StatusPost> out;
  for (int i = 0; i < r.rows(); ++i) {
    StatusPost p{r.text(i, 0), r.text(i, 1), r.text(i, 2),    r.text(i, 3),
                 r.text(i, 4), {},           r.integer(i, 5), r.integer(i, 6)};
    auto list = r.text(i, 7);
    for (std::size_t at = 0; !list.empty() && at <= list.size();) {
      auto comma = list.find(',', at);
      if (comma == std::string::npos) comma = list.size();
      p.users.push_back(list.substr(at, comma - at));
      at = comma + 1;
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

void PgStatusStore::add_status(const StatusPost& p) {
  PgArray users;
  for (auto& u : p.users) users.add(u);
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query(
      "INSERT INTO statuses (id, user_id, text, media, privacy, posted_ms, expires_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {p.id, p.user, p.text, p.media, p.privacy, p.posted_ms, p.expires_ms});
  conn->query(
      "INSERT INTO status_audience (status, user_id) SELECT $1::text, u FROM unnest($2::text[]) u "
      "ON CONFLICT DO NOTHING",
      {p.id, users.str()});
  tx.commit();
}

std::optional<StatusPost> PgStatusStore::status(const std::string& id) {
  auto conn = pool_->acquire();
  auto posts = read_posts(conn->query(
      "SELECT s.id, s.user_id, s.text, s.media, s.privacy, s.posted_ms, s.expires_ms, "
      "COALESCE((SELECT string_agg(user_id, ',' ORDER BY user_id) FROM status_audience a "
      "WHERE a.status = s.id), '') FROM statuses s WHERE s.id = $1",
      {id}));
  if (posts.empty()) return std::nullopt;
  return std::move(posts.front());
}

std::vector<StatusPost> PgStatusStore::statuses_of(const std::string& user, std::int64_t now_ms) {
  auto conn = pool_->acquire();
  return read_posts(conn->query(
      "SELECT s.id, s.user_id, s.text, s.media, s.privacy, s.posted_ms, s.expires_ms, "
      "COALESCE((SELECT string_agg(user_id, ',' ORDER BY user_id) FROM status_audience a "
      "WHERE a.status = s.id), '') FROM statuses s WHERE s.user_id = $1 AND s.expires_ms > $2 "
      "ORDER BY s.posted_ms DESC, s.id DESC",
      {user, now_ms}));
}

std::vector<StatusPost> PgStatusStore::feed_candidates(const std::string& viewer,
                                                       std::int64_t now_ms, std::size_t limit) {
  auto conn = pool_->acquire();
  return read_posts(conn->query(
      "SELECT s.id, s.user_id, s.text, s.media, s.privacy, s.posted_ms, s.expires_ms, "
      "COALESCE((SELECT string_agg(user_id, ',' ORDER BY user_id) FROM status_audience a "
      "WHERE a.status = s.id), '') FROM statuses s WHERE s.expires_ms > $2 AND "
      "s.user_id <> $1 AND (s.user_id IN (SELECT user_id FROM contacts WHERE contact = $1) OR "
      "s.id IN (SELECT status FROM status_audience WHERE user_id = $1)) "
      "ORDER BY s.posted_ms DESC, s.id DESC LIMIT $3",
      {viewer, now_ms, static_cast<std::int64_t>(limit)}));
}

bool PgStatusStore::delete_status(const std::string& id) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM status_audience WHERE status = $1", {id});
  conn->query("DELETE FROM status_views WHERE status = $1", {id});
  bool removed = conn->query("DELETE FROM statuses WHERE id = $1", {id}).affected() > 0;
  tx.commit();
  return removed;
}

bool PgStatusStore::add_view(const std::string& id, const std::string& viewer, std::int64_t ts) {
  auto conn = pool_->acquire();
  return conn->query(
                 "INSERT INTO status_views (status, viewer, ts) VALUES ($1, $2, $3) "
                 "ON CONFLICT DO NOTHING",
                 {id, viewer, ts})
             .affected() > 0;
}

std::vector<StatusView> PgStatusStore::views(const std::string& id) {
  auto conn = pool_->acquire();
  auto r = conn->query("SELECT viewer, ts FROM status_views WHERE status = $1 ORDER BY ts, viewer",
                       {id});
  std::vector<StatusView> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.integer(i, 1)});
  return out;
}

std::vector<std::string> PgStatusStore::sweep_statuses(std::int64_t now_ms, std::size_t limit) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  auto r = conn->query(
      "DELETE FROM statuses WHERE id IN (SELECT id FROM statuses WHERE expires_ms <= $1 "
      "ORDER BY expires_ms LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id",
      {now_ms, static_cast<std::int64_t>(limit)});
  PgArray ids;
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(r.text(i, 0));
    ids.add(out.back());
  }
  conn->query("DELETE FROM status_audience WHERE status = ANY($1::text[])", {ids.str()});
  conn->query("DELETE FROM status_views WHERE status = ANY($1::text[])", {ids.str()});
  tx.commit();
  return out;
}

}  // namespace sb::store_postgres
