// SPDX-License-Identifier: Apache-2.0
// Group and chat lookups with the authorization every op shares (who is in a chat, in which
// role), invite codes, and group changes written into the chat as system messages.
#pragma once

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

// An invite link's code: the group id signed with the server's key, so no table is needed.
std::string invite_code(const Engine& e, const std::string& group);
// The group a code invites to; nullopt when it was not made by this server.
std::optional<std::string> invite_group(const Engine& e, const std::string& code);

}  // namespace sb::core
