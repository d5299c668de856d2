// SPDX-License-Identifier: Apache-2.0
// See signal_store.hpp. Plain sqlite3 calls: a handful of tables keyed by what libsignal
// asks for, WAL so a reader does not block a writer, and a busy timeout so two sbctl
// commands on one profile (a `listen` and a `send`) wait for each other instead of failing.
#include <switchboard/client/signal_store.hpp>

#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <mutex>
#include <switchboard/client/error.hpp>

namespace sb::client {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw Error(ErrorKind::local, "local",
              "key store: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS prekeys (id INTEGER PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS signed_prekeys (id INTEGER PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (name TEXT NOT NULL, device INTEGER NOT NULL,
  record BLOB NOT NULL, PRIMARY KEY (name, device));
CREATE TABLE IF NOT EXISTS identities (name TEXT PRIMARY KEY, key BLOB NOT NULL,
  changed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS opened (msg_id TEXT PRIMARY KEY, chat TEXT NOT NULL,
  seq INTEGER NOT NULL, from_user TEXT NOT NULL, from_device TEXT NOT NULL, body TEXT NOT NULL);
)";

}  // namespace

class SignalStore::Db {
 public:
  explicit Db(const std::string& path) {
    bool memory = path == ":memory:";
    if (!memory) {
      std::error_code ec;
      auto dir = std::filesystem::path(path).parent_path();
      if (!dir.empty() && !std::filesystem::exists(dir, ec)) {
        std::filesystem::create_directories(dir, ec);
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::replace, ec);
      }
    }
    // The file and its -wal/-shm companions are created owner-only: they hold private keys.
    mode_t old = ::umask(077);
    int rc = sqlite3_open_v2(path.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                             nullptr);
    ::umask(old);
    if (rc != SQLITE_OK) {
      std::string why = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw Error(ErrorKind::local, "local", "key store: cannot open " + path + ": " + why);
    }
    if (!memory) ::chmod(path.c_str(), 0600);
    sqlite3_busy_timeout(db, 10'000);
    exec(memory ? "PRAGMA journal_mode=MEMORY" : "PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec(kSchema);
  }
  ~Db() { sqlite3_close(db); }

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string why = err ? err : "?";
      sqlite3_free(err);
      throw Error(ErrorKind::local, "local", std::string("key store: ") + why);
    }
  }

  sqlite3* db = nullptr;
};

namespace {

// One prepared statement, bound and stepped; finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) fail(db, sql);
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt& bind(int i, const std::string& text, bool blob = false) {
    int rc = blob ? sqlite3_bind_blob(s_, i, text.data(), static_cast<int>(text.size()),
                                      SQLITE_TRANSIENT)
                  : sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()),
                                      SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, "bind");
    return *this;
  }
  Stmt& bind(int i, std::int64_t n) {
    if (sqlite3_bind_int64(s_, i, n) != SQLITE_OK) fail(db_, "bind");
    return *this;
  }
  // True while there is a row.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "step");
  }
  std::string text(int col) {
    auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  std::int64_t integer(int col) { return sqlite3_column_int64(s_, col); }
  int changes() { return sqlite3_changes(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

std::optional<std::string> one_blob(sqlite3* db, const char* sql, std::int64_t id) {
  Stmt q(db, sql);
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

}  // namespace

SignalStore::SignalStore(const std::string& path) : db_(std::make_unique<Db>(path)) {}
SignalStore::~SignalStore() = default;

std::optional<std::string> SignalStore::meta(const std::string& key) {
  Stmt q(db_->db, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SignalStore::set_meta(const std::string& key, const std::string& value) {
  Stmt(db_->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
      .bind(1, key)
      .bind(2, value, true)
      .step();
}

std::optional<std::string> SignalStore::prekey(std::uint32_t id) {
  return one_blob(db_->db, "SELECT record FROM prekeys WHERE id = ?", id);
}

void SignalStore::put_prekey(std::uint32_t id, const std::string& record) {
  Stmt(db_->db, "INSERT OR REPLACE INTO prekeys (id, record) VALUES (?, ?)")
      .bind(1, std::int64_t{id})
      .bind(2, record, true)
      .step();
}

void SignalStore::remove_prekey(std::uint32_t id) {
  Stmt(db_->db, "DELETE FROM prekeys WHERE id = ?").bind(1, std::int64_t{id}).step();
}

std::optional<std::string> SignalStore::signed_prekey(std::uint32_t id) {
  return one_blob(db_->db, "SELECT record FROM signed_prekeys WHERE id = ?", id);
}

void SignalStore::put_signed_prekey(std::uint32_t id, const std::string& record) {
  Stmt(db_->db, "INSERT OR REPLACE INTO signed_prekeys (id, record) VALUES (?, ?)")
      .bind(1, std::int64_t{id})
      .bind(2, record, true)
      .step();
}

void SignalStore::remove_signed_prekey(std::uint32_t id) {
  Stmt(db_->db, "DELETE FROM signed_prekeys WHERE id = ?").bind(1, std::int64_t{id}).step();
}

std::optional<std::string> SignalStore::session(const std::string& name, std::int32_t device) {
  Stmt q(db_->db, "SELECT record FROM sessions WHERE name = ? AND device = ?");
  q.bind(1, name).bind(2, std::int64_t{device});
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SignalStore::put_session(const std::string& name, std::int32_t device,
                              const std::string& record) {
  Stmt(db_->db, "INSERT OR REPLACE INTO sessions (name, device, record) VALUES (?, ?, ?)")
      .bind(1, name)
      .bind(2, std::int64_t{device})
      .bind(3, record, true)
      .step();
}

bool SignalStore::remove_session(const std::string& name, std::int32_t device) {
  Stmt q(db_->db, "DELETE FROM sessions WHERE name = ? AND device = ?");
  q.bind(1, name).bind(2, std::int64_t{device}).step();
  return q.changes() > 0;
}

int SignalStore::remove_sessions(const std::string& name) {
  Stmt q(db_->db, "DELETE FROM sessions WHERE name = ?");
  q.bind(1, name).step();
  return q.changes();
}

std::vector<std::int32_t> SignalStore::session_devices(const std::string& name) {
  Stmt q(db_->db, "SELECT device FROM sessions WHERE name = ? ORDER BY device");
  q.bind(1, name);
  std::vector<std::int32_t> out;
  while (q.step()) out.push_back(static_cast<std::int32_t>(q.integer(0)));
  return out;
}

std::vector<std::string> SignalStore::session_names(const std::string& prefix) {
  // substr, not LIKE: ids may hold '_' and '%', which LIKE reads as wildcards.
  Stmt q(db_->db,
         "SELECT DISTINCT name FROM sessions WHERE substr(name, 1, length(?1)) = ?1 ORDER BY name");
  q.bind(1, prefix);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::optional<std::string> SignalStore::identity(const std::string& name) {
  Stmt q(db_->db, "SELECT key FROM identities WHERE name = ?");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

bool SignalStore::put_identity(const std::string& name, const std::string& key) {
  auto before = identity(name);
  if (before == key) return false;
  Stmt(db_->db, "INSERT OR REPLACE INTO identities (name, key, changed) VALUES (?, ?, ?)")
      .bind(1, name)
      .bind(2, key, true)
      .bind(3, std::int64_t{before ? 1 : 0})
      .step();
  return before.has_value();
}

std::optional<OpenedBody> SignalStore::opened(const std::string& msg_id) {
  Stmt q(db_->db, "SELECT chat, seq, from_user, from_device, body FROM opened WHERE msg_id = ?");
  q.bind(1, msg_id);
  if (!q.step()) return std::nullopt;
  return OpenedBody{msg_id, q.text(0), q.integer(1), q.text(2), q.text(3), q.text(4)};
}

void SignalStore::put_opened(const OpenedBody& b) {
  Stmt(db_->db,
       "INSERT OR REPLACE INTO opened (msg_id, chat, seq, from_user, from_device, body) "
       "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, b.msg_id)
      .bind(2, b.chat)
      .bind(3, b.seq)
      .bind(4, b.from_user)
      .bind(5, b.from_device)
      .bind(6, b.body)
      .step();
}

void SignalStore::clear() {
  db_->exec(
      "DELETE FROM meta; DELETE FROM prekeys; DELETE FROM signed_prekeys; DELETE FROM sessions;"
      "DELETE FROM identities; DELETE FROM opened;");
}

SignalStore::Transaction::Transaction(SignalStore& store) : store_(store) {
  store_.db_->exec("BEGIN IMMEDIATE");
}

SignalStore::Transaction::~Transaction() {
  if (done_) return;
  try {
    store_.db_->exec("ROLLBACK");
  } catch (const Error&) {
  }
}

void SignalStore::Transaction::commit() {
  store_.db_->exec("COMMIT");
  done_ = true;
}

}  // namespace sb::client
