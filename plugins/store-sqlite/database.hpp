// SPDX-License-Identifier: Apache-2.0
// A thin layer over sqlite3: connections with cached prepared statements, queries that reset
// themselves, IMMEDIATE transactions, a pool for the synchronous calls, and StoreErrors that
// name the statement and sqlite3_errmsg.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <switchboard/services/store_error.hpp>

#include "config.hpp"
#include "fair_mutex.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sb::store_sqlite {

class Connection;

// One execution of a cached prepared statement. Bind parameters are 1-based, columns
// 0-based. The statement is reset when the Query goes, so the cache can hand it out again.
class Query {
 public:
  Query(Connection& conn, sqlite3_stmt* stmt, std::string_view sql);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int i, std::int64_t v);
  Query& bind(int i, std::string_view v);
  Query& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Query& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Query& bind_null(int i);
  // True while there is a row.
  bool step();
  // Runs a statement that returns no rows; returns sqlite3_changes().
  int run();

  std::int64_t integer(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;

 private:
  Connection& conn_;
  sqlite3_stmt* stmt_;
  std::string_view sql_;
};

class Connection {
 public:
  // Opens (creating when needed) and applies the config's pragmas. Every connection to one
  // database shares `write_lock`, so writers of this process queue on a mutex rather than
  // in SQLite's sleeping busy handler.
  Connection(const std::string& path, const Config& config, std::shared_ptr<FairMutex> write_lock);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // `sql` must be a string literal: its address keys the statement cache (hashing the text
  // on every call showed up in the writer's profile).
  Query query(std::string_view sql);
  void exec(const std::string& sql);
  [[noreturn]] void fail(std::string_view what, int rc) const;
  FairMutex& write_lock() { return *write_lock_; }
  // False once a failed statement rolled the open transaction back (or none was open).
  bool in_transaction() const;

 private:
  sqlite3* db_ = nullptr;
  std::shared_ptr<FairMutex> write_lock_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE takes the write lock up front, so busy_timeout applies; a deferred
// transaction that upgrades to a write could fail with SQLITE_BUSY without waiting. The
// in-process write lock comes first; busy_timeout still covers other processes.
class Transaction {
 public:
  explicit Transaction(Connection& conn);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  std::unique_lock<FairMutex> lock_;
  Connection& conn_;
  bool open_ = true;
};

// Connections for the synchronous store calls; a caller waits while all are lent out.
class Pool {
 public:
  Pool(const std::string& path, const Config& config, std::shared_ptr<FairMutex> write_lock);

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.give_back(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> conn_;
  };
  Lease acquire();

 private:
  void give_back(std::unique_ptr<Connection> conn);

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Runs the versioned migrations that this build knows and the database has not seen yet.
void migrate(Connection& conn);

std::int64_t now_ms();

}  // namespace sb::store_sqlite
