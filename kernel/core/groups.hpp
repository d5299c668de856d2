// SPDX-License-Identifier: Apache-2.0
// Group and chat lookups with the authorization every op shares (who is in a chat, in which
// role), invite codes, and group changes written into the chat as system messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <switchboard/json.hpp>
#include <switchboard/services/group_store.hpp>

namespace sb::core {

class Engine;

// Throws not_found when the group does not exist.
GroupRecord load_group(Engine& e, const std::string& group);
// Throws not_found, or forbidden when `user` is not a member.
GroupRecord member_group(Engine& e, const std::string& group, const std::string& user);
// "owner", "admin", "member", or "" when not a member.
std::string role_of(const GroupRecord& g, const std::string& user);
// The users of a chat `user` is in; throws forbidden when they are not in it.
std::vector<std::string> chat_members(Engine& e, const std::string& chat, const std::string& user);

// Appends `change` ({"type",...}) to the group's chat as a system message for every device
// of the members and of `also` (e.g. the removed), and pushes it.
void system_message(Engine& e, const GroupRecord& g, const std::vector<std::string>& also,
                    json::object change);

// Throws forbidden, naming them in `users`, when any of `users` does not let `by` add them to
// a group: their "groups" privacy (the deployment's default until they choose) or a block.
// Bot accounts accept everyone.
void check_may_add(Engine& e, const std::string& by, const std::vector<std::string>& users);

// The first seq of `chat` that `user` may read: a group member's join seq (GroupAccess), 1
// for direct chats and when the store keeps no join seqs.
std::int64_t visible_from(Engine& e, const std::string& chat, const std::string& user);

// An invite link's code: the group id and its invite epoch signed with the server's key.
// Revoking bumps the epoch, which kills every code made before.
std::string invite_code(Engine& e, const std::string& group);
// The group a code invites to; nullopt when this server did not make it or it was revoked.
std::optional<std::string> invite_group(Engine& e, const std::string& code);

}  // namespace sb::core
