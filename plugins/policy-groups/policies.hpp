// SPDX-License-Identifier: Apache-2.0
// The group policy decision table as a pure function, and the plugin that applies it to
// group.change_requested for the policies its config enables.
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <switchboard/events/group.hpp>
#include <switchboard/plugin.hpp>

#include "config.hpp"

namespace policy_groups {

enum class Policy { open, admins_add, announcement, invite_approval };

inline constexpr std::array<std::string_view, 4> kPolicyNames{"open", "admins-add", "announcement",
                                                              "invite-approval"};

std::optional<Policy> parse_policy(std::string_view name);

// The verdict for one request under the policy it names (see README.md for the table).
// A policy name this plugin does not know is not its business: proceed.
sb::Verdict decide(const sb::GroupChangeRequested& e);

class PolicyGroupsPlugin final : public sb::PluginBase<Config> {
 protected:
  // Throws, naming the value, when `policies` lists a name that is not a known policy.
  void start(const Config& config, sb::Context& ctx) override;

 private:
  std::set<std::string, std::less<>> enabled_;  // read-only after start()
};

}  // namespace policy_groups
