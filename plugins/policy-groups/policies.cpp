// SPDX-License-Identifier: Apache-2.0
// See policies.hpp. decide() is the whole decision table; the plugin only filters on the
// enabled policies and hands the event to it.
#include "policies.hpp"

#include <algorithm>
#include <stdexcept>

namespace policy_groups {
namespace {

// Who may perform an action a policy controls.
enum class Who { members, admins };

struct Rules {
  Who add;
  Who rename;
  Who send;
  bool join;  // a non-member may join through an invite link without an admin's approval
};

// clang-format off
constexpr Rules rules_for(Policy p) {
  switch (p) {
    //                                  add           rename        send          join
    case Policy::open:            return {Who::members, Who::members, Who::members, true};
    case Policy::admins_add:      return {Who::admins,  Who::admins,  Who::members, true};
    case Policy::announcement:    return {Who::admins,  Who::admins,  Who::admins,  true};
    case Policy::invite_approval: return {Who::admins,  Who::admins,  Who::members, false};
  }
  return {Who::admins, Who::admins, Who::admins, false};
}
// clang-format on

constexpr std::array<std::string_view, 8> kActions{"add",    "remove", "role", "leave",
                                                   "rename", "send",   "join", "approve"};

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

sb::Verdict forbid(const sb::GroupChangeRequested& e, const std::string& rule) {
  return sb::Verdict::veto("forbidden", "policy " + e.policy + ": " + rule);
}

sb::Verdict bad_request(const sb::GroupChangeRequested& e, const std::string& what) {
  return sb::Verdict::veto("bad_request", "policy " + e.policy + ": " + what);
}

// "add", "rename" and "send": the policy's own column of the table.
sb::Verdict policy_controlled(const sb::GroupChangeRequested& e, Who who, bool is_admin,
                              const std::string& doing) {
  if (who == Who::admins && !is_admin)
    return forbid(e, "only the owner or an admin may " + doing + " in group " + e.group);
  return sb::Verdict::proceed();
}

}  // namespace

std::optional<Policy> parse_policy(std::string_view name) {
  for (std::size_t i = 0; i < kPolicyNames.size(); ++i)
    if (kPolicyNames[i] == name) return static_cast<Policy>(i);
  return std::nullopt;
}

sb::Verdict decide(const sb::GroupChangeRequested& e) {
  auto policy = parse_policy(e.policy);
  if (!policy) return sb::Verdict::proceed();
  const Rules rules = rules_for(*policy);
  const std::string& a = e.action;
  if (std::find(kActions.begin(), kActions.end(), a) == kActions.end())
    return bad_request(e, "unknown group action \"" + a + "\"");
  const bool is_owner = e.by_role == "owner";
  const bool is_admin = is_owner || e.by_role == "admin";
  const bool is_member = is_admin || e.by_role == "member";
  if (!is_member && !e.by_role.empty())
    return bad_request(e, "unknown member role \"" + e.by_role + "\"");

  // Joining through an invite link: the policy decides, for anyone.
  if (a == "join") {
    if (!rules.join)
      return sb::Verdict::veto("forbidden",
                               "group " + e.group + " needs an admin to approve join requests");
    return sb::Verdict::proceed();
  }
  // Every policy: a non-member may do nothing but join.
  if (!is_member)
    return forbid(e,
                  e.by + " is not a member of group " + e.group + "; a non-member may only join");
  if ((a == "add" || a == "remove" || a == "role" || a == "approve") && e.users.empty())
    return bad_request(e, "action \"" + a + "\" names no users");
  // Every policy: a member may always leave; removing only yourself is leaving.
  if (a == "leave" || (a == "remove" && e.users.size() == 1 && e.users[0] == e.by))
    return sb::Verdict::proceed();

  if (a == "remove") {
    if (!is_admin)
      return forbid(e, "only the owner or an admin may remove others from group " + e.group);
    if (is_owner && contains(e.users, e.by))
      return forbid(e, "nobody may remove the owner of group " + e.group);
    return sb::Verdict::proceed();
  }
  if (a == "role") {
    if (e.role != "owner" && e.role != "admin" && e.role != "member")
      return bad_request(e, "unknown role \"" + e.role + "\"");
    if (!is_admin)
      return forbid(e, "only the owner or an admin may change roles in group " + e.group);
    if (is_owner && contains(e.users, e.by))
      return forbid(e, "nobody may demote the owner of group " + e.group +
                           "; the owner may change anyone's role but their own");
    if (!is_owner && e.role == "owner")
      return forbid(e, "only the owner may hand over ownership of group " + e.group);
    // Setting "member" on someone else is a no-op for a member and a demotion of an admin
    // (or of the owner) otherwise: an admin may only step down themselves.
    if (!is_owner && e.role == "member" && !(e.users.size() == 1 && e.users[0] == e.by))
      return forbid(e, "an admin may not change another admin's role in group " + e.group +
                           "; only the owner may");
    return sb::Verdict::proceed();
  }
  if (a == "approve") {
    if (!is_admin)
      return forbid(e, "only the owner or an admin may approve join requests in group " + e.group);
    return sb::Verdict::proceed();
  }
  if (a == "add") return policy_controlled(e, rules.add, is_admin, "add members");
  if (a == "rename") return policy_controlled(e, rules.rename, is_admin, "rename the group");
  return policy_controlled(e, rules.send, is_admin, "send messages");  // "send"
}

void PolicyGroupsPlugin::start(const Config& config, sb::Context& ctx) {
  std::string known;
  for (auto name : kPolicyNames) known += (known.empty() ? "" : ", ") + std::string(name);
  for (const auto& name : config.policies) {
    if (!parse_policy(name))
      throw std::runtime_error("policies: unknown policy \"" + name + "\" (known: " + known + ")");
    enabled_.insert(name);
  }
  if (enabled_.empty()) ctx.log().warn("policy-groups: no policies enabled; every change passes");
  // Interceptors run on the submitting thread; enabled_ is only read from here on.
  ctx.hold(ctx.bus().intercept<sb::GroupChangeRequested>([this](sb::GroupChangeRequested& e) {
    if (!enabled_.contains(e.policy)) return sb::Verdict::proceed();  // another plugin's policy
    return decide(e);
  }));
  ctx.hold(ctx.bus().intercept<sb::GroupPoliciesListed>([this](sb::GroupPoliciesListed& e) {
    e.names.insert(e.names.end(), enabled_.begin(), enabled_.end());
    return sb::Verdict::amended();
  }));
  std::string list;
  for (const auto& name : enabled_) list += (list.empty() ? "" : ", ") + name;
  ctx.log().info("policy-groups started", {{"policies", list}});
}

}  // namespace policy_groups
