// SPDX-License-Identifier: Apache-2.0
// The KvStore service over the store's SQLite database (the kv table), for bots' sb.kv and
// any plugin that keeps a few small values.
#pragma once

#include <memory>

#include <switchboard/services/kv_store.hpp>

#include "database.hpp"

namespace sb::store_sqlite {

class SqliteKvStore final : public KvStore {
 public:
  explicit SqliteKvStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  std::optional<std::string> get(const std::string& ns, const std::string& key) override;
  void set(const std::string& ns, const std::string& key, const std::string& value) override;
  void del(const std::string& ns, const std::string& key) override;

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace sb::store_sqlite
