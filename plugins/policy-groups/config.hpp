// SPDX-License-Identifier: Apache-2.0
// policy-groups' typed config: which of the named policies this instance enforces.
#pragma once

#include <string>
#include <vector>

#include <switchboard/config_schema.hpp>

namespace policy_groups {

struct Config {
  std::vector<std::string> policies;

  static sb::ConfigSchema schema() {
    return {sb::key_strings("policies", {"open", "admins-add", "announcement", "invite-approval"},
                            "The named policies this instance decides for (open, admins-add, "
                            "announcement, invite-approval); events for other policies pass.")};
  }
  static Config load(const sb::ConfigView& v) { return {v.strings("policies")}; }
};

}  // namespace policy_groups
