// SPDX-License-Identifier: Apache-2.0
// KvStore: one row per (namespace, key) in the kv table, each call on a pooled connection.
#include "kv_store.hpp"

namespace sb::store_sqlite {

std::optional<std::string> SqliteKvStore::get(const std::string& ns, const std::string& key) {
  auto conn = pool_->acquire();
  auto q = conn->query("SELECT value FROM kv WHERE ns = ? AND key = ?");
  q.bind(1, ns).bind(2, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SqliteKvStore::set(const std::string& ns, const std::string& key, const std::string& value) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("INSERT OR REPLACE INTO kv (ns, key, value, updated_ms) VALUES (?, ?, ?, ?)")
      .bind(1, ns)
      .bind(2, key)
      .bind(3, value)
      .bind(4, now_ms())
      .run();
  tx.commit();
}

void SqliteKvStore::del(const std::string& ns, const std::string& key) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  conn->query("DELETE FROM kv WHERE ns = ? AND key = ?").bind(1, ns).bind(2, key).run();
  tx.commit();
}

}  // namespace sb::store_sqlite
