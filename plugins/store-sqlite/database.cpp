// SPDX-License-Identifier: Apache-2.0
// See database.hpp. Every sqlite3 return code is checked here, so the stores above only
// see rows or a StoreError that says which statement failed and why.
#include "database.hpp"

#include <sqlite3.h>

#include <chrono>

namespace sb::store_sqlite {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Query::Query(Connection& conn, sqlite3_stmt* stmt, std::string_view sql)
    : conn_(conn), stmt_(stmt), sql_(sql) {}

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Query& Query::bind(int i, std::int64_t v) {
  if (int rc = sqlite3_bind_int64(stmt_, i, v); rc != SQLITE_OK) conn_.fail(sql_, rc);
  return *this;
}

Query& Query::bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) conn_.fail(sql_, rc);
  return *this;
}

Query& Query::bind_null(int i) {
  if (int rc = sqlite3_bind_null(stmt_, i); rc != SQLITE_OK) conn_.fail(sql_, rc);
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  conn_.fail(sql_, rc);
}

int Query::run() {
  while (step()) {
  }
  return sqlite3_changes(sqlite3_db_handle(stmt_));
}

std::int64_t Query::integer(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

std::string Query::text(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
}

bool Query::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Connection::Connection(const std::string& path, const Config& config,
                       std::shared_ptr<FairMutex> write_lock)
    : write_lock_(std::move(write_lock)) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(StoreError::Kind::unavailable, "cannot open " + path + ": " + why);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(config.busy_timeout_ms));
  // page_size only takes effect before the first table exists, hence before journal_mode.
  exec("PRAGMA page_size=" + std::to_string(config.page_size));
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=" + config.synchronous);
  exec("PRAGMA cache_size=-" + std::to_string(config.cache_mb * 1024));
  exec("PRAGMA wal_autocheckpoint=" + std::to_string(config.wal_autocheckpoint));
  exec("PRAGMA mmap_size=" + std::to_string(config.mmap_mb * 1024 * 1024));
  exec("PRAGMA temp_store=MEMORY");
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Query Connection::query(std::string_view sql) {
  auto it = cache_.find(sql.data());
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(sql, rc);
    it = cache_.emplace(sql.data(), stmt).first;
  }
  return Query(*this, it->second, sql);
}

void Connection::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) fail(sql, rc);
}

bool Connection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

void Connection::fail(std::string_view what, int rc) const {
  std::string sql(what.substr(0, 80));
  for (auto& c : sql)
    if (c == '\n') c = ' ';
  if (what.size() > 80) sql += "...";
  std::string message =
      "sqlite: " + sql + ": " + sqlite3_errmsg(db_) + " (" + sqlite3_errstr(rc) + ")";
  auto kind =
      (rc & 0xff) == SQLITE_CONSTRAINT ? StoreError::Kind::conflict : StoreError::Kind::unavailable;
  throw StoreError(kind, message);
}

Transaction::Transaction(Connection& conn) : conn_(conn) {
  conn_.query("BEGIN IMMEDIATE").run();
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    conn_.query("ROLLBACK").run();
  } catch (const StoreError&) {
    // A failed COMMIT or I/O error may have rolled back already; nothing more to undo.
  }
}

void Transaction::commit() {
  conn_.query("COMMIT").run();
  open_ = false;
}

Pool::Pool(const std::string& path, const Config& config, std::shared_ptr<FairMutex> write_lock) {
  // Pooled connections mostly read what the writer just wrote (hot in the OS cache), so
  // they get a smaller cache than the writer, whose random inserts need the big one.
  auto pooled = config;
  pooled.cache_mb = config.read_cache_mb;
  for (std::int64_t i = 0; i < config.read_connections; ++i)
    idle_.push_back(std::make_unique<Connection>(path, pooled, write_lock));
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty(); });
  auto conn = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(conn));
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

}  // namespace sb::store_sqlite
