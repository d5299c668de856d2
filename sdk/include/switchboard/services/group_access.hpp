// SPDX-License-Identifier: Apache-2.0
// GroupAccess: who may read and enter a group beyond its member list — the seq from which a
// member sees the group's chat, the group's invite epoch (bumping it kills every earlier
// invite code) and whom a user lets add them to groups. Optional (ABI 1.7): without it the
// core shows members the whole chat, cannot revoke invites and applies the deployment's
// default to group adds. Blocking calls for core worker threads; throws StoreError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <switchboard/services/store_error.hpp>

namespace sb {

class GroupAccess {
 public:
  static constexpr std::string_view service_name = "group-access";
  virtual ~GroupAccess() = default;

  // The first seq of chat "g:<group>" that `user` may read: the chat's next seq when
  // GroupStore::add_members added them (committed messages only), 1 for members the group
  // was created with. nullopt when `user` is not a member.
  virtual std::optional<std::int64_t> join_seq(const std::string& group,
                                               const std::string& user) = 0;

  // The group's invite epoch, 0 for a new group; invite codes carry it. Bumping it returns
  // the new epoch, after which codes of an earlier one are refused. not_found: no such group.
  virtual std::int64_t invite_epoch(const std::string& group) = 0;
  virtual std::int64_t bump_invite_epoch(const std::string& group) = 0;

  // Who may add `user` to a group: "everyone", "contacts" or "nobody"; nullopt when the user
  // never chose (the deployment's default applies).
  virtual std::optional<std::string> group_add_privacy(const std::string& user) = 0;
  virtual void set_group_add_privacy(const std::string& user, const std::string& who) = 0;
};

}  // namespace sb
