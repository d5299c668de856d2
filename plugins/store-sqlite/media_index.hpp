// SPDX-License-Identifier: Apache-2.0
// The MediaIndex service over the store's SQLite database (the media and media_holds
// tables): uploads, their holders, usage per user.
#pragma once

#include <memory>

#include <switchboard/services/media_index.hpp>

#include "database.hpp"

namespace sb::store_sqlite {

class SqliteMediaIndex final : public MediaIndex {
 public:
  explicit SqliteMediaIndex(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  void add(const MediaRecord& record) override;
  std::optional<MediaRecord> get(const std::string& id) override;
  std::optional<MediaRecord> find_by_hash(const std::string& owner,
                                          const std::string& sha256) override;
  std::uint64_t hash_users(const std::string& sha256) override;
  std::uint64_t usage(const std::string& owner) override;
  bool remove(const std::string& id) override;
  bool hold(const std::string& id, const std::string& holder, std::int64_t now_ms) override;
  void release(const std::string& holder, std::int64_t now_ms) override;
  std::size_t release_older(std::string_view prefix, std::int64_t before_ms,
                            std::int64_t now_ms) override;
  std::vector<std::string> holders(const std::string& id, std::size_t max) override;
  std::vector<MediaRecord> unheld_since(std::int64_t before_ms, std::size_t max) override;

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace sb::store_sqlite
