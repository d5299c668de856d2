// SPDX-License-Identifier: Apache-2.0
// A thin layer over one libpq connection: connects lazily within connect_timeout, prepares
// and caches statements, waits for every answer within a deadline (no call can hang), and
// turns every failure into a StoreError that names the statement and the server's message.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <switchboard/services/store_error.hpp>

#include "config.hpp"

struct pg_conn;
struct pg_result;

namespace sb::store_postgres {

using Clock = std::chrono::steady_clock;

// One bind parameter, sent as text. Strings are referenced, not copied: a Param lives only
// for the full expression that runs the statement.
class Param {
 public:
  Param(const std::string& v) : ptr_(v.c_str()) {}
  Param(const char* v) : ptr_(v) {}
  Param(std::int64_t v) : owned_(std::to_string(v)), owns_(true) {}
  Param(int v) : owned_(std::to_string(v)), owns_(true) {}
  Param(bool v) : ptr_(v ? "t" : "f") {}
  Param(std::nullopt_t) {}
  Param(const std::optional<std::string>& v) : ptr_(v ? v->c_str() : nullptr) {}
  const char* c_str() const { return owns_ ? owned_.c_str() : ptr_; }

 private:
  const char* ptr_ = nullptr;
  std::string owned_;
  bool owns_ = false;
};

// The rows of one statement, in text form. Rows and columns are 0-based.
class Result {
 public:
  Result() = default;
  explicit Result(pg_result* r) : r_(r) {}
  ~Result();
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&& o) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  int rows() const;
  bool is_null(int row, int col) const;
  std::string text(int row, int col) const;
  std::optional<std::string> optional_text(int row, int col) const;
  std::int64_t integer(int row, int col) const;
  bool boolean(int row, int col) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;
  std::string status() const;

 private:
  pg_result* r_ = nullptr;
};

struct ConnectionSettings {
  std::string dsn;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds statement_timeout{5000};
  std::chrono::milliseconds reconnect_backoff{250};

  static ConnectionSettings from(const Config& c) {
    return {c.dsn, std::chrono::milliseconds(c.connect_timeout_ms),
            std::chrono::milliseconds(c.statement_timeout_ms),
            std::chrono::milliseconds(c.reconnect_backoff_ms)};
  }
};

class Connection {
 public:
  // Does not connect: the first statement does, and so does the first after a failure.
  explicit Connection(ConnectionSettings settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs a prepared statement. `sql` must be a string literal: its address keys the cache.
  Result query(const char* sql, const std::vector<Param>& params = {});
  // Runs text through the simple protocol (several statements allowed, no parameters).
  Result exec(std::string_view sql);

  // Drops the connection when the server has closed it (a restart) or when it was left
  // inside a transaction, so the next statement reconnects. Reads only what has arrived.
  void check();
  void close();
  bool connected() const { return conn_ != nullptr; }
  // How long the client waits for one answer; migrations need more than statements do.
  void set_wait_limit(std::chrono::milliseconds limit) { wait_limit_ = limit; }
  void reset_wait_limit();

 private:
  void ensure();
  void connect();
  void flush(Clock::time_point deadline);
  pg_result* next_result(Clock::time_point deadline);
  Result collect(std::string_view sql);
  void wait_socket(bool write, Clock::time_point deadline, std::string_view what);
  [[noreturn]] void lost(std::string_view what, const std::string& why);

  ConnectionSettings settings_;
  std::chrono::milliseconds wait_limit_;
  pg_conn* conn_ = nullptr;
  std::unordered_map<const char*, std::string> statements_;  // sql address -> name
  Clock::time_point retry_after_{};
  std::string last_connect_error_;
};

// BEGIN ... COMMIT; the destructor rolls back a transaction that did not commit.
class Transaction {
 public:
  explicit Transaction(Connection& conn, const char* begin = "BEGIN");
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& conn_;
  bool open_ = true;
};

std::int64_t now_ms();

}  // namespace sb::store_postgres
