// SPDX-License-Identifier: Apache-2.0
// policy-groups' manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>

#include "policies.hpp"

namespace {

sb::Manifest manifest() {
  return {.name = "policy-groups",
          .version = "1.0.0",
          .kind = "policy",
          .description =
              "Named group policies (open, admins-add, announcement, invite-approval): "
              "vetoes group changes the group's policy does not allow.",
          .provides = {},
          .requires_ = {},
          .consumes = {},
          .intercepts = {{"group.change_requested", 100}, {"group.policies_listed", 100}},
          .publishes = {},
          .schema = policy_groups::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, policy_groups::PolicyGroupsPlugin)
