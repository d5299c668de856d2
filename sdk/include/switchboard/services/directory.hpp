// SPDX-License-Identifier: Apache-2.0
// Directory: an optional store service for admin work — searching users and groups, and
// removing a user's or a group's data. Blocking calls for worker threads; throws StoreError.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/account_store.hpp>
#include <switchboard/services/group_store.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb {

struct UserSearch {
  std::string q{};  // substring of id, phone or display name; empty: any
  bool banned_only = false;
  std::int64_t inactive_before_ms = 0;  // > 0: no device seen at or after this time
  std::string after_id{};               // ids greater than this (paging)
  std::size_t limit = 50;
};

struct GroupSearch {
  std::string q{};  // substring of id or name
  std::string after_id{};
  std::size_t limit = 50;
};

class Directory {
 public:
  static constexpr std::string_view service_name = "directory";
  virtual ~Directory() = default;

  // Users ordered by id.
  virtual std::vector<UserRecord> find_users(const UserSearch& search) = 0;
  // Groups ordered by id, each with its members.
  virtual std::vector<GroupRecord> find_groups(const GroupSearch& search) = 0;
  // Removes the user and everything keyed by them: devices, refresh tokens, login code,
  // prekeys, inboxes and cursors, group memberships, contacts and blocks (both ways),
  // privacy, profile, status posts and views, chat list rows. Messages stay (with their
  // recipients). False when no such user.
  virtual bool delete_user(const std::string& user) = 0;
  // Removes the group and its memberships. False when no such group.
  virtual bool delete_group(const std::string& group) = 0;
};

}  // namespace sb
