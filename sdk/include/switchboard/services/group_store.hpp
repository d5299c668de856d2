// SPDX-License-Identifier: Apache-2.0
// GroupStore: groups, their members and roles, and the policy each group runs under.
// Blocking calls for core worker threads; throws StoreError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

struct GroupMember {
  std::string user{};
  std::string role = "member";  // "owner", "admin", "member"
  std::int64_t joined_ms = 0;
};

struct GroupRecord {
  std::string id{};
  std::string name{};
  std::string policy = "open";
  std::string created_by{};
  std::int64_t created_ms = 0;
  std::vector<GroupMember> members{};
};

class GroupStore {
 public:
  static constexpr std::string_view service_name = "group-store";
  virtual ~GroupStore() = default;

  virtual void create_group(const GroupRecord& group) = 0;
  virtual std::optional<GroupRecord> group(const std::string& id) = 0;
  // Adds those not yet members; returns the ones added.
  virtual std::vector<std::string> add_members(const std::string& group,
                                               const std::vector<GroupMember>& members) = 0;
  // Removes those who are members; returns the ones removed.
  virtual std::vector<std::string> remove_members(const std::string& group,
                                                  const std::vector<std::string>& users) = 0;
  virtual bool set_role(const std::string& group, const std::string& user,
                        const std::string& role) = 0;
  virtual void set_name(const std::string& group, const std::string& name) = 0;
  virtual void set_policy(const std::string& group, const std::string& policy) = 0;
  virtual std::vector<std::string> groups_of(const std::string& user) = 0;
};

}  // namespace sb
