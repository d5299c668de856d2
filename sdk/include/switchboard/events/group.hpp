// SPDX-License-Identifier: Apache-2.0
// Events about groups. GroupChangeRequested is interceptable (group policies decide);
// the others are published after the change is committed. Stable.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/event.hpp>

namespace sb {

struct GroupChangeRequested {
  static constexpr std::string_view event_name = "group.change_requested";
  static constexpr std::string_view event_doc =
      "A member asks to change a group (add, remove, role, leave, info edit); group policies "
      "veto what the group's policy does not allow.";
  std::string group{};
  std::string policy{};
  std::string action{};  // "add", "remove", "role", "leave", "rename", "send"
  std::string by{};
  std::string by_role{};  // "owner", "admin", "member", "" (not a member)
  std::vector<std::string> users{};
  std::string role{};  // action "role": the new role
};
BOOST_DESCRIBE_STRUCT(GroupChangeRequested, (), (group, policy, action, by, by_role, users, role))

// Submitted by the core before a group is created with a policy (ABI 1.7): a group policy
// plugin adds the names it enforces, and a name nobody adds is refused, so a misspelt policy
// cannot make a group that enforces nothing. Interceptors only append; they never veto.
struct GroupPoliciesListed {
  static constexpr std::string_view event_name = "group.policies_listed";
  static constexpr std::string_view event_doc =
      "Which group policy names exist: each group policy plugin appends the names it enforces.";
  std::string asked{};  // the name the client asked for
  std::vector<std::string> names{};
};
BOOST_DESCRIBE_STRUCT(GroupPoliciesListed, (), (asked, names))

struct GroupMemberAdded {
  static constexpr std::string_view event_name = "group.member_added";
  static constexpr std::string_view event_doc = "Users joined a group.";
  std::string group{};
  std::string by{};
  std::vector<std::string> users{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(GroupMemberAdded, (), (group, by, users, ts))

struct GroupMemberRemoved {
  static constexpr std::string_view event_name = "group.member_removed";
  static constexpr std::string_view event_doc = "Users left or were removed from a group.";
  std::string group{};
  std::string by{};
  std::vector<std::string> users{};
  std::int64_t ts = 0;
};
BOOST_DESCRIBE_STRUCT(GroupMemberRemoved, (), (group, by, users, ts))

}  // namespace sb
