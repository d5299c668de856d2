// SPDX-License-Identifier: Apache-2.0
// Connections for the synchronous store calls. A caller borrows one for a call and waits
// while all are lent out; a connection the server closed is dropped on the way out of the
// pool, so calls after a database restart reconnect instead of failing.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "connection.hpp"

namespace sb::store_postgres {

class Pool {
 public:
  Pool(const ConnectionSettings& settings, std::size_t size);

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

}  // namespace sb::store_postgres
