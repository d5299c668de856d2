// SPDX-License-Identifier: Apache-2.0
// Group ops: create, add, remove, leave, role, rename, info, and invite links (invite, join,
// approve). Group policies decide through group.change_requested; the core itself keeps the
// owner untouchable (the event does not carry the targets' roles) and enforces the size.
#include <algorithm>
#include <regex>

#include <switchboard/events/group.hpp>

#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"
#include "kernel/core/groups.hpp"
#include "kernel/core/secrets.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

namespace {

json::array to_array(const std::vector<std::string>& v) {
  json::array a;
  for (auto& s : v) a.emplace_back(s);
  return a;
}

void ask_policy(Call& c, const GroupRecord& g, std::string action,
                std::vector<std::string> users = {}, std::string role = {}) {
  GroupChangeRequested ev{
      g.id,           g.policy, std::move(action), c.user(), role_of(g, c.user()), std::move(users),
      std::move(role)};
  auto v = c.engine.bus.submit(ev);
  if (v.vetoed()) throw veto_error(v);
}

// A name no group policy plugin enforces would make a group where nothing is enforced. With
// no policy plugin at all, only "open" (everything allowed) is honest.
void require_known_policy(Call& c, const std::string& policy) {
  GroupPoliciesListed ev{policy, {}};
  (void)c.engine.bus.submit(ev);
  if (ev.names.empty() && policy == "open") return;
  if (std::find(ev.names.begin(), ev.names.end(), policy) != ev.names.end()) return;
  std::string known;
  for (auto& n : ev.names) known += (known.empty() ? "" : ", ") + n;
  if (known.empty()) known = "open (no group policy plugin is loaded)";
  throw bad_request("field \"policy\": unknown policy \"" + policy + "\" (known: " + known + ")");
}

void require_users_exist(Call& c, const std::vector<std::string>& users) {
  for (auto& u : users)
    if (!c.engine.stores.accounts->user_by_id(u))
      throw not_found("user \"" + u + "\" does not exist");
}

void check_size(Call& c, const GroupRecord& g, std::size_t adding) {
  auto max = c.engine.settings.max_group_members;
  if (g.members.size() + adding > max)
    throw ProtocolError("too_large",
                        "group \"" + g.id + "\" would have " +
                            std::to_string(g.members.size() + adding) + " members; the limit is " +
                            std::to_string(max) + " (messaging.max_group_members)",
                        {{"limit", max}});
}

std::vector<std::string> add_members(Call& c, GroupRecord& g, std::vector<std::string> users,
                                     std::string_view type) {
  require_users_exist(c, users);
  std::erase_if(users, [&](const std::string& u) { return !role_of(g, u).empty(); });
  check_size(c, g, users.size());
  std::vector<GroupMember> add;
  auto now = c.engine.now_ms();
  for (auto& u : users) add.push_back({u, "member", now});
  auto added = c.engine.stores.groups->add_members(g.id, add);
  if (added.empty()) return added;
  for (auto& u : added) g.members.push_back({u, "member", now});
  system_message(c.engine, g, {}, {{"type", type}, {"by", c.user()}, {"users", to_array(added)}});
  c.engine.bus.publish(GroupMemberAdded{g.id, c.user(), added, now});
  return added;
}

void op_create(Call& c) {
  auto f = c.fields();
  auto name = f.string("name", 100);
  std::vector<std::string> members;
  auto* listed = f.find("members");
  if (listed && !(listed->is_array() && listed->as_array().empty()))
    members = f.strings("members", c.engine.settings.max_group_members);
  auto policy = f.opt_string("policy", 32).value_or("open");
  static const std::regex policy_name("[a-z][a-z0-9-]*");
  if (!std::regex_match(policy, policy_name))
    throw bad_request("field \"policy\": a policy name is lowercase letters, digits and '-'");
  std::erase(members, c.user());
  require_known_policy(c, policy);
  require_users_exist(c, members);
  check_may_add(c.engine, c.user(), members);
  auto max = c.engine.settings.max_group_members;
  if (members.size() + 1 > max)
    throw ProtocolError("too_large",
                        "a group of " + std::to_string(members.size() + 1) +
                            " members; the limit is " + std::to_string(max) +
                            " (messaging.max_group_members)",
                        {{"limit", max}});
  auto now = c.engine.now_ms();
  GroupRecord g{new_id("g_"), name, policy, c.user(), now, {{c.user(), "owner", now}}};
  for (auto& m : members) g.members.push_back({m, "member", now});
  c.engine.stores.groups->create_group(g);
  system_message(c.engine, g, {},
                 {{"type", "created"},
                  {"by", c.user()},
                  {"name", name},
                  {"policy", policy},
                  {"users", to_array(members)}});
  c.engine.bus.publish(GroupMemberAdded{g.id, c.user(), members, now});
  c.ok({{"group", g.id}, {"chat", group_chat(g.id)}});
}

void op_add(Call& c) {
  auto f = c.fields();
  auto g = member_group(c.engine, f.string("group"), c.user());
  auto users = f.strings("users", c.engine.settings.max_group_members);
  ask_policy(c, g, "add", users);
  require_users_exist(c, users);
  std::erase_if(users, [&](const std::string& u) { return !role_of(g, u).empty(); });
  check_may_add(c.engine, c.user(), users);
  c.ok({{"added", to_array(add_members(c, g, users, "member_added"))}});
}

void remove_users(Call& c, GroupRecord& g, const std::vector<std::string>& users,
                  std::string_view type) {
  auto removed = c.engine.stores.groups->remove_members(g.id, users);
  std::erase_if(g.members, [&](const GroupMember& m) {
    return std::find(removed.begin(), removed.end(), m.user) != removed.end();
  });
  if (!removed.empty()) {
    system_message(c.engine, g, removed,
                   {{"type", type}, {"by", c.user()}, {"users", to_array(removed)}});
    c.engine.bus.publish(GroupMemberRemoved{g.id, c.user(), removed, c.engine.now_ms()});
  }
  c.ok({{"removed", to_array(removed)}});
}

// The owner leaving hands the group to the longest-standing admin, else member.
void hand_over(Call& c, GroupRecord& g) {
  const GroupMember* next = nullptr;
  for (auto& m : g.members) {
    if (m.user == c.user()) continue;
    bool better = !next || (m.role == "admin" && next->role != "admin") ||
                  (m.role == next->role && m.joined_ms < next->joined_ms);
    if (better) next = &m;
  }
  if (!next) return;
  c.engine.stores.groups->set_role(g.id, next->user, "owner");
  system_message(
      c.engine, g, {},
      {{"type", "role_changed"}, {"by", c.user()}, {"user", next->user}, {"role", "owner"}});
}

void op_leave(Call& c) {
  auto g = member_group(c.engine, c.fields().string("group"), c.user());
  ask_policy(c, g, "leave", {c.user()});
  if (role_of(g, c.user()) == "owner") hand_over(c, g);
  remove_users(c, g, {c.user()}, "member_left");
}

void op_remove(Call& c) {
  auto f = c.fields();
  auto g = member_group(c.engine, f.string("group"), c.user());
  auto users = f.strings("users", c.engine.settings.max_group_members);
  if (users.size() == 1 && users[0] == c.user()) return op_leave(c);
  for (auto& u : users)
    if (role_of(g, u) == "owner")
      throw forbidden("the owner of group \"" + g.id + "\" cannot be removed");
  ask_policy(c, g, "remove", users);
  remove_users(c, g, users, "member_removed");
}

void op_role(Call& c) {
  auto f = c.fields();
  auto g = member_group(c.engine, f.string("group"), c.user());
  auto user = f.string("user");
  auto role = f.choice("role", {"admin", "member", "owner"});
  auto current = role_of(g, user);
  if (current.empty()) throw not_found(user + " is not a member of group \"" + g.id + "\"");
  if (current == "owner")
    throw forbidden(
        "the owner's role changes only when they hand the group over (role "
        "\"owner\" on another member)");
  if (role == "owner" && role_of(g, c.user()) != "owner")
    throw forbidden("only the owner may hand group \"" + g.id + "\" over");
  ask_policy(c, g, "role", {user}, role);
  c.engine.stores.groups->set_role(g.id, user, role);
  if (role == "owner") c.engine.stores.groups->set_role(g.id, c.user(), "admin");
  system_message(c.engine, g, {},
                 {{"type", "role_changed"}, {"by", c.user()}, {"user", user}, {"role", role}});
  c.ok();
}

void op_rename(Call& c) {
  auto f = c.fields();
  auto g = member_group(c.engine, f.string("group"), c.user());
  auto name = f.string("name", 100);
  ask_policy(c, g, "rename");
  c.engine.stores.groups->set_name(g.id, name);
  system_message(c.engine, g, {}, {{"type", "renamed"}, {"by", c.user()}, {"name", name}});
  c.ok();
}

void op_info(Call& c) {
  auto g = member_group(c.engine, c.fields().string("group"), c.user());
  json::array members;
  for (auto& m : g.members)
    members.push_back(json::object{{"user", m.user}, {"role", m.role}, {"joined", m.joined_ms}});
  c.ok({{"group", g.id},
        {"chat", group_chat(g.id)},
        {"name", g.name},
        {"policy", g.policy},
        {"created_by", g.created_by},
        {"created", g.created_ms},
        {"members", std::move(members)}});
}

bool is_admin(const GroupRecord& g, const std::string& user) {
  auto r = role_of(g, user);
  return r == "owner" || r == "admin";
}

void op_invite(Call& c) {
  auto g = member_group(c.engine, c.fields().string("group"), c.user());
  if (!is_admin(g, c.user()))
    throw forbidden("only the owner or an admin may make an invite link for group \"" + g.id +
                    "\"");
  c.ok({{"group", g.id}, {"code", invite_code(c.engine, g.id)}});
}

// Makes every earlier invite code of the group invalid and answers the new one.
void op_invite_revoke(Call& c) {
  auto g = member_group(c.engine, c.fields().string("group"), c.user());
  if (!is_admin(g, c.user()))
    throw forbidden("only the owner or an admin may revoke group \"" + g.id + "\"'s invite link");
  if (!c.engine.stores.access)
    throw ProtocolError("unavailable",
                        "this server's store cannot revoke invite links (no group-access service)");
  c.engine.stores.access->bump_invite_epoch(g.id);
  c.ok({{"group", g.id}, {"code", invite_code(c.engine, g.id)}});
}

void op_join(Call& c) {
  auto code = c.fields().string("code", 512);
  auto group = invite_group(c.engine, code);
  if (!group) throw not_found("invite code is not valid");
  auto g = load_group(c.engine, *group);
  if (!role_of(g, c.user()).empty())
    throw ProtocolError("conflict", "you are already a member of group \"" + g.id + "\"");
  GroupChangeRequested ev{g.id, g.policy, "join", c.user(), "", {c.user()}, {}};
  auto v = c.engine.bus.submit(ev);
  if (v.vetoed() && v.code != "forbidden") throw veto_error(v);
  if (v.vetoed()) {
    // The policy wants an admin's approval: the request goes to the owner and the admins.
    std::vector<EventWrite> events;
    auto payload = json::serialize(json::object{{"ev", "group"},
                                                {"type", "join_requested"},
                                                {"group", g.id},
                                                {"user", c.user()},
                                                {"ts", c.engine.now_ms()}});
    for (auto& m : g.members)
      if (m.role == "owner" || m.role == "admin")
        c.engine.add_for_devices(events, m.user, "group", group_chat(g.id), payload);
    c.engine.append_events(std::move(events));
    c.ok({{"group", g.id}, {"joined", false}, {"pending", true}, {"message", v.reason}});
    return;
  }
  add_members(c, g, {c.user()}, "member_joined");
  c.ok({{"group", g.id}, {"chat", group_chat(g.id)}, {"joined", true}});
}

void op_approve(Call& c) {
  auto f = c.fields();
  auto g = member_group(c.engine, f.string("group"), c.user());
  auto users = f.strings("users", c.engine.settings.max_group_members);
  ask_policy(c, g, "approve", users);
  c.ok({{"added", to_array(add_members(c, g, users, "member_added"))}});
}

}  // namespace

void add_group_ops(OpTable& ops) {
  ops.emplace("group.create", &op_create);
  ops.emplace("group.add", &op_add);
  ops.emplace("group.remove", &op_remove);
  ops.emplace("group.leave", &op_leave);
  ops.emplace("group.role", &op_role);
  ops.emplace("group.rename", &op_rename);
  ops.emplace("group.info", &op_info);
  ops.emplace("group.invite", &op_invite);
  ops.emplace("group.invite.revoke", &op_invite_revoke);
  ops.emplace("group.join", &op_join);
  ops.emplace("group.approve", &op_approve);
}

}  // namespace sb::core
