// SPDX-License-Identifier: Apache-2.0
// Directory (admin search and removal) over the SQLite database.
#pragma once

#include <memory>

#include <switchboard/services/directory.hpp>

#include "database.hpp"

namespace sb::store_sqlite {

class MessageWriter;

class SqliteDirectory final : public Directory {
 public:
  SqliteDirectory(std::shared_ptr<MessageWriter> writer, std::shared_ptr<Pool> pool)
      : writer_(std::move(writer)), pool_(std::move(pool)) {}

  std::vector<UserRecord> find_users(const UserSearch& search) override;
  std::vector<GroupRecord> find_groups(const GroupSearch& search) override;
  bool delete_user(const std::string& user) override;
  bool delete_group(const std::string& group) override;

 private:
  std::shared_ptr<MessageWriter> writer_;  // flushed first: it may hold chat list updates
  std::shared_ptr<Pool> pool_;
};

}  // namespace sb::store_sqlite
