// SPDX-License-Identifier: Apache-2.0
// See pool.hpp. Connections open lazily, on their first statement.
#include "pool.hpp"

namespace sb::store_postgres {

Pool::Pool(const ConnectionSettings& settings, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) idle_.push_back(std::make_unique<Connection>(settings));
}

Pool::Lease Pool::acquire() {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty(); });
    conn = std::move(idle_.back());
    idle_.pop_back();
  }
  conn->check();
  return Lease(*this, std::move(conn));
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

}  // namespace sb::store_postgres
