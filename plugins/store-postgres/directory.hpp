// SPDX-License-Identifier: Apache-2.0
// Directory (admin search and removal) over PostgreSQL.
#pragma once

#include <memory>

#include <switchboard/services/directory.hpp>

#include "pool.hpp"

namespace sb::store_postgres {

class PgDirectory final : public Directory {
 public:
  explicit PgDirectory(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  std::vector<UserRecord> find_users(const UserSearch& search) override;
  std::vector<GroupRecord> find_groups(const GroupSearch& search) override;
  bool delete_user(const std::string& user) override;
  bool delete_group(const std::string& group) override;

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace sb::store_postgres
