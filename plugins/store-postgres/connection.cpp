// SPDX-License-Identifier: Apache-2.0
// See connection.hpp. The socket is non-blocking and every wait is a poll() bounded by a
// deadline, so a database that stops answering costs a caller at most the configured
// timeouts, never a hang; a connection that failed is closed and reopened on next use.
#include "connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace sb::store_postgres {
namespace {

std::string head(std::string_view sql) {
  std::string s(sql.substr(0, 80));
  for (auto& c : s)
    if (c == '\n') c = ' ';
  if (sql.size() > 80) s += "...";
  return s;
}

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

StoreError::Kind kind_of(std::string_view sqlstate) {
  if (sqlstate.starts_with("23")) return StoreError::Kind::conflict;  // integrity violation
  if (sqlstate.starts_with("22")) return StoreError::Kind::invalid;   // data exception
  return StoreError::Kind::unavailable;  // connection, shutdown, timeout, deadlock, resources
}

void ignore_notice(void*, const char*) {}

}  // namespace

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result::~Result() {
  if (r_) PQclear(r_);
}

Result& Result::operator=(Result&& o) noexcept {
  if (this != &o) {
    if (r_) PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

int Result::rows() const {
  return r_ ? PQntuples(r_) : 0;
}

bool Result::is_null(int row, int col) const {
  return PQgetisnull(r_, row, col) != 0;
}

std::string Result::text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
}

std::optional<std::string> Result::optional_text(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return text(row, col);
}

std::int64_t Result::integer(int row, int col) const {
  const char* p = PQgetvalue(r_, row, col);
  std::int64_t v = 0;
  std::from_chars(p, p + PQgetlength(r_, row, col), v);
  return v;
}

bool Result::boolean(int row, int col) const {
  return PQgetvalue(r_, row, col)[0] == 't';
}

std::int64_t Result::affected() const {
  const char* p = r_ ? PQcmdTuples(r_) : "";
  std::int64_t v = 0;
  std::from_chars(p, p + std::strlen(p), v);
  return v;
}

std::string Result::status() const {
  return r_ ? PQcmdStatus(r_) : "";
}

Connection::Connection(ConnectionSettings settings)
    : settings_(std::move(settings)),
      wait_limit_(settings_.statement_timeout + std::chrono::seconds(1)) {}

Connection::~Connection() {
  close();
}

void Connection::close() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  statements_.clear();
}

void Connection::reset_wait_limit() {
  wait_limit_ = settings_.statement_timeout + std::chrono::seconds(1);
}

void Connection::check() {
  if (!conn_) return;
  if (PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    close();
    return;
  }
  // A server that restarted has closed the socket: reading finds EOF and marks it bad.
  if (!PQconsumeInput(conn_) || PQstatus(conn_) != CONNECTION_OK) close();
}

void Connection::lost(std::string_view what, const std::string& why) {
  close();
  throw StoreError(StoreError::Kind::unavailable, "postgres: " + head(what) + ": " + why);
}

void Connection::wait_socket(bool write, Clock::time_point deadline, std::string_view what) {
  int fd = PQsocket(conn_);
  if (fd < 0) lost(what, "the connection has no socket");
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) lost(what, "no answer within " + std::to_string(wait_limit_.count()) + " ms");
    pollfd p{fd, static_cast<short>(write ? POLLIN | POLLOUT : POLLIN), 0};
    int rc = ::poll(&p, 1, static_cast<int>(left));
    if (rc > 0) return;
    if (rc < 0 && errno != EINTR) lost(what, std::string("poll: ") + std::strerror(errno));
  }
}

void Connection::connect() {
  auto now = Clock::now();
  if (now < retry_after_) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(retry_after_ - now).count();
    throw StoreError(StoreError::Kind::unavailable,
                     last_connect_error_ + " (next attempt in " + std::to_string(left) + " ms)");
  }
  auto fail = [&](std::string why) {
    last_connect_error_ = "postgres: cannot connect: " + why;
    retry_after_ = Clock::now() + settings_.reconnect_backoff;
    throw StoreError(StoreError::Kind::unavailable, last_connect_error_);
  };
  // Ours first, then the DSN: a key the DSN sets wins (libpq keeps the last value).
  auto seconds = std::to_string(std::max<std::int64_t>(
      2, std::chrono::ceil<std::chrono::seconds>(settings_.connect_timeout).count()));
  std::vector<const char*> keys{"connect_timeout", "application_name",    "keepalives",
                                "keepalives_idle", "keepalives_interval", "keepalives_count"};
  std::vector<const char*> values{seconds.c_str(), "switchboard", "1", "10", "3", "3"};
  if (!settings_.dsn.empty()) {
    keys.push_back("dbname");
    values.push_back(settings_.dsn.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* c = PQconnectStartParams(keys.data(), values.data(), 1);
  if (!c) fail("out of memory");
  if (PQstatus(c) == CONNECTION_BAD) {
    auto why = trimmed(PQerrorMessage(c));
    PQfinish(c);
    fail(why);
  }
  auto deadline = now + settings_.connect_timeout;
  auto state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) {
      auto why = trimmed(PQerrorMessage(c));
      PQfinish(c);
      fail(why);
    }
    int fd = PQsocket(c);
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || fd < 0) {
      PQfinish(c);
      fail(fd < 0 ? "no socket"
                  : "timed out after " + std::to_string(settings_.connect_timeout.count()) + " ms");
    }
    pollfd p{fd, static_cast<short>(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    int rc = ::poll(&p, 1, static_cast<int>(left));
    if (rc < 0 && errno != EINTR) {
      PQfinish(c);
      fail(std::string("poll: ") + std::strerror(errno));
    }
    if (rc > 0) state = PQconnectPoll(c);
  }
  PQsetnonblocking(c, 1);
  PQsetNoticeProcessor(c, ignore_notice, nullptr);
  conn_ = c;
  statements_.clear();
  retry_after_ = {};
  auto statement = settings_.statement_timeout.count();
  // A node that stops mid-transaction must not hold chat or device rows for long.
  auto idle = std::max<std::int64_t>(10000, 2 * statement);
  exec("SET statement_timeout = " + std::to_string(statement) +
       "; SET idle_in_transaction_session_timeout = " + std::to_string(idle) +
       "; SET client_min_messages = warning");
}

void Connection::ensure() {
  if (conn_ && PQstatus(conn_) != CONNECTION_OK) close();
  if (!conn_) connect();
}

void Connection::flush(Clock::time_point deadline) {
  for (;;) {
    int rc = PQflush(conn_);
    if (rc == 0) return;
    if (rc < 0) lost("send", trimmed(PQerrorMessage(conn_)));
    wait_socket(true, deadline, "send");
    if (!PQconsumeInput(conn_)) lost("send", trimmed(PQerrorMessage(conn_)));
  }
}

PGresult* Connection::next_result(Clock::time_point deadline) {
  while (PQisBusy(conn_)) {
    wait_socket(false, deadline, "answer");
    if (!PQconsumeInput(conn_)) lost("answer", trimmed(PQerrorMessage(conn_)));
  }
  return PQgetResult(conn_);
}

Result Connection::collect(std::string_view sql) {
  auto deadline = Clock::now() + wait_limit_;
  flush(deadline);
  Result kept;
  PGresult* error = nullptr;
  while (PGresult* r = next_result(deadline)) {
    auto st = PQresultStatus(r);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
    if (!ok && !error) {
      error = r;
    } else if (ok && !error) {
      kept = Result(r);
    } else {
      PQclear(r);
    }
  }
  if (!error) return kept;
  const char* state = PQresultErrorField(error, PG_DIAG_SQLSTATE);
  std::string sqlstate = state ? state : "";
  const char* primary = PQresultErrorField(error, PG_DIAG_MESSAGE_PRIMARY);
  std::string message = trimmed(primary ? primary : PQresultErrorMessage(error));
  PQclear(error);
  bool dead = PQstatus(conn_) != CONNECTION_OK;
  if (dead) close();
  auto kind = dead ? StoreError::Kind::unavailable : kind_of(sqlstate);
  if (!sqlstate.empty()) message += " (SQLSTATE " + sqlstate + ")";
  throw StoreError(kind, "postgres: " + head(sql) + ": " + message);
}

Result Connection::query(const char* sql, const std::vector<Param>& params) {
  ensure();
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto name = "sb" + std::to_string(statements_.size() + 1);
    if (!PQsendPrepare(conn_, name.c_str(), sql, 0, nullptr))
      lost(sql, trimmed(PQerrorMessage(conn_)));
    collect(sql);
    it = statements_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (auto& p : params) values.push_back(p.c_str());
  if (!PQsendQueryPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                           values.data(), nullptr, nullptr, 0))
    lost(sql, trimmed(PQerrorMessage(conn_)));
  return collect(sql);
}

Result Connection::exec(std::string_view sql) {
  ensure();
  std::string text(sql);
  if (!PQsendQuery(conn_, text.c_str())) lost(sql, trimmed(PQerrorMessage(conn_)));
  return collect(sql);
}

Transaction::Transaction(Connection& conn, const char* begin) : conn_(conn) {
  conn_.exec(begin);
}

Transaction::~Transaction() {
  if (!open_ || !conn_.connected()) return;
  try {
    conn_.exec("ROLLBACK");
  } catch (const StoreError&) {
    // The connection is gone or the server rolled back already; nothing more to undo.
  }
}

void Transaction::commit() {
  open_ = false;
  auto r = conn_.exec("COMMIT");
  // A transaction that failed earlier answers COMMIT with ROLLBACK instead of an error.
  if (r.status() != "COMMIT")
    throw StoreError(StoreError::Kind::unavailable,
                     "postgres: COMMIT: the transaction rolled back");
}

}  // namespace sb::store_postgres
