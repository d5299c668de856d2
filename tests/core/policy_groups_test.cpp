// SPDX-License-Identifier: Apache-2.0
// The policy-groups plugin loaded as deployed, through the kernel's plugin host: every rule of
// the decision table (policies x actions x roles), the edge cases, and its config checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <switchboard/events/group.hpp>

#include "kernel/host/config.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"

namespace sb::kernel {
namespace {

using ::testing::HasSubstr;

class PolicyGroups : public ::testing::Test {
 protected:
  void TearDown() override { host.stop_all(); }

  // Starts one instance "pg" of policy-groups; `keys` are extra lines of its table.
  void start(const std::string& keys = "") {
    std::string text =
        "[plugins]\ndirs = [\"" SB_PLUGIN_DIR "\"]\n[plugin.pg]\nuse = \"policy-groups\"\n" + keys;
    EnvOverrides env;
    config = load_config_string(text, "test.toml", env);
    host.prepare(config, env);
    host.start_all();
    kernel = bus.view("kernel");
  }

  Verdict submit(GroupChangeRequested e) { return kernel->submit(e); }

  static GroupChangeRequested request(std::string policy, std::string action, std::string by_role,
                                      std::vector<std::string> users = {"u2"},
                                      std::string role = "admin") {
    return {.group = "g1",
            .policy = std::move(policy),
            .action = std::move(action),
            .by = "u1",
            .by_role = std::move(by_role),
            .users = std::move(users),
            .role = std::move(role)};
  }

  LogSink logs{{"error", LogFormat::text}};
  SourceLogger log{logs, "test"};
  MetricsRegistry metrics;
  EventBus bus{BusSettings{}, log, metrics};
  ServiceTable services_table;
  Router router;
  TimerThread timers{log};
  PluginLoader loader{{SB_PLUGIN_DIR}};
  KernelConfig config;
  PluginHost host{KernelParts{logs, bus, services_table, router, metrics, timers, "/tmp"}, loader};
  std::unique_ptr<Bus> kernel;
};

// One row per (action, policy): the verdict for owner, admin, member and a non-member, in that
// order; 'P' proceeds, 'F' is vetoed "forbidden". add/remove/role/approve name ["u2"]; role
// sets "admin".
struct Row {
  const char* action;
  const char* policy;
  const char* verdicts;
};
constexpr std::array<const char*, 4> kRoles{"owner", "admin", "member", ""};
constexpr Row kTable[] = {
    // clang-format off
    {"add",     "open",            "PPPF"}, {"add",     "admins-add",      "PPFF"},
    {"add",     "announcement",    "PPFF"}, {"add",     "invite-approval", "PPFF"},
    {"remove",  "open",            "PPFF"}, {"remove",  "admins-add",      "PPFF"},
    {"remove",  "announcement",    "PPFF"}, {"remove",  "invite-approval", "PPFF"},
    {"role",    "open",            "PPFF"}, {"role",    "admins-add",      "PPFF"},
    {"role",    "announcement",    "PPFF"}, {"role",    "invite-approval", "PPFF"},
    {"leave",   "open",            "PPPF"}, {"leave",   "admins-add",      "PPPF"},
    {"leave",   "announcement",    "PPPF"}, {"leave",   "invite-approval", "PPPF"},
    {"rename",  "open",            "PPPF"}, {"rename",  "admins-add",      "PPFF"},
    {"rename",  "announcement",    "PPFF"}, {"rename",  "invite-approval", "PPFF"},
    {"send",    "open",            "PPPF"}, {"send",    "admins-add",      "PPPF"},
    {"send",    "announcement",    "PPFF"}, {"send",    "invite-approval", "PPPF"},
    {"join",    "open",            "PPPP"}, {"join",    "admins-add",      "PPPP"},
    {"join",    "announcement",    "PPPP"}, {"join",    "invite-approval", "FFFF"},
    {"approve", "open",            "PPFF"}, {"approve", "admins-add",      "PPFF"},
    {"approve", "announcement",    "PPFF"}, {"approve", "invite-approval", "PPFF"},
    // clang-format on
};

TEST_F(PolicyGroups, DecisionTableOverPoliciesActionsAndRoles) {
  start();
  int checked = 0;
  for (const auto& row : kTable) {
    for (std::size_t i = 0; i < kRoles.size(); ++i) {
      auto v = submit(request(row.policy, row.action, kRoles[i]));
      std::string where = std::string(row.policy) + " " + row.action + " by role \"" + kRoles[i] +
                          "\": " + v.code + " " + v.reason;
      if (row.verdicts[i] == 'P') {
        EXPECT_FALSE(v.vetoed()) << where;
      } else {
        ASSERT_TRUE(v.vetoed()) << where;
        EXPECT_EQ(v.code, "forbidden") << where;
        EXPECT_EQ(v.by, "pg") << where;
        if (std::string(row.action) != "join") {
          EXPECT_THAT(v.reason, HasSubstr(std::string("policy ") + row.policy + ": ")) << where;
        }
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4 * 8 * 4);
}

TEST_F(PolicyGroups, ReasonsNameTheRule) {
  start();
  EXPECT_EQ(submit(request("invite-approval", "join", "")).reason,
            "group g1 needs an admin to approve join requests");
  EXPECT_EQ(submit(request("announcement", "send", "member")).reason,
            "policy announcement: only the owner or an admin may send messages in group g1");
  EXPECT_EQ(submit(request("admins-add", "add", "member")).reason,
            "policy admins-add: only the owner or an admin may add members in group g1");
  EXPECT_EQ(submit(request("open", "send", "")).reason,
            "policy open: u1 is not a member of group g1; a non-member may only join");
  EXPECT_THAT(submit(request("open", "remove", "member")).reason,
              HasSubstr("only the owner or an admin may remove others"));
  EXPECT_THAT(submit(request("open", "role", "member")).reason,
              HasSubstr("only the owner or an admin may change roles"));
  EXPECT_THAT(submit(request("invite-approval", "approve", "member")).reason,
              HasSubstr("only the owner or an admin may approve join requests"));
}

// The "every policy" rules that depend on who is targeted, per policy.
struct Edge {
  const char* what;
  const char* by_role;
  const char* action;
  std::vector<std::string> users;
  const char* role;
  const char* code;  // "" proceeds
  const char* reason;
};

TEST_F(PolicyGroups, RulesOnTheOwnerAdminsAndSelf) {
  start();
  const std::vector<Edge> edges = {
      {"member removing only themselves is leaving", "member", "remove", {"u1"}, "", "", ""},
      {"admin removing only themselves is leaving", "admin", "remove", {"u1"}, "", "", ""},
      {"owner removing only themselves is leaving", "owner", "remove", {"u1"}, "", "", ""},
      {"non-member cannot leave", "", "leave", {}, "", "forbidden", "not a member"},
      {"non-member cannot remove themselves",
       "",
       "remove",
       {"u1"},
       "",
       "forbidden",
       "not a member"},
      {"owner cannot remove themselves with others",
       "owner",
       "remove",
       {"u1", "u2"},
       "",
       "forbidden",
       "nobody may remove the owner"},
      {"owner cannot demote themselves",
       "owner",
       "role",
       {"u1"},
       "member",
       "forbidden",
       "nobody may demote the owner"},
      {"owner cannot change their own role",
       "owner",
       "role",
       {"u1"},
       "admin",
       "forbidden",
       "nobody may demote the owner"},
      {"owner demotes an admin", "owner", "role", {"u2"}, "member", "", ""},
      {"owner promotes a member", "owner", "role", {"u2"}, "admin", "", ""},
      {"owner hands over ownership", "owner", "role", {"u2"}, "owner", "", ""},
      {"admin promotes a member", "admin", "role", {"u2"}, "admin", "", ""},
      {"admin cannot demote another admin",
       "admin",
       "role",
       {"u2"},
       "member",
       "forbidden",
       "an admin may not change another admin's role"},
      {"admin steps down", "admin", "role", {"u1"}, "member", "", ""},
      {"admin cannot make an owner",
       "admin",
       "role",
       {"u2"},
       "owner",
       "forbidden",
       "only the owner may hand over ownership"},
      {"unknown role value",
       "owner",
       "role",
       {"u2"},
       "king",
       "bad_request",
       "unknown role \"king\""},
      {"unknown actor role", "god", "send", {}, "", "bad_request", "unknown member role \"god\""},
      {"add naming nobody", "owner", "add", {}, "", "bad_request", "names no users"},
      {"unknown action",
       "owner",
       "delete",
       {"u2"},
       "",
       "bad_request",
       "unknown group action \"delete\""},
      {"unknown action by a non-member",
       "",
       "explode",
       {},
       "",
       "bad_request",
       "unknown group action \"explode\""},
  };
  for (const char* policy : {"open", "admins-add", "announcement", "invite-approval"}) {
    for (const auto& e : edges) {
      auto v = submit(request(policy, e.action, e.by_role, e.users, e.role));
      std::string where = std::string(policy) + ": " + e.what + ": " + v.code + " " + v.reason;
      EXPECT_EQ(v.code, e.code) << where;
      if (*e.code) {
        EXPECT_TRUE(v.vetoed()) << where;
        EXPECT_EQ(v.by, "pg") << where;
        EXPECT_THAT(v.reason, HasSubstr(e.reason)) << where;
        EXPECT_THAT(v.reason, HasSubstr(std::string("policy ") + policy + ": ")) << where;
      } else {
        EXPECT_FALSE(v.vetoed()) << where;
      }
    }
  }
}

TEST_F(PolicyGroups, EventsForPoliciesNotEnabledPass) {
  start("policies = [\"open\", \"invite-approval\"]\n");
  EXPECT_FALSE(submit(request("announcement", "send", "member")).vetoed());
  EXPECT_FALSE(submit(request("admins-add", "add", "")).vetoed());
  EXPECT_FALSE(submit(request("some-other-plugins-policy", "delete", "")).vetoed());
  // The enabled ones still decide.
  EXPECT_TRUE(submit(request("invite-approval", "join", "")).vetoed());
  EXPECT_TRUE(submit(request("open", "send", "")).vetoed());
}

TEST_F(PolicyGroups, UnknownPolicyNamesPassEvenWithAllEnabled) {
  start();
  EXPECT_FALSE(submit(request("custom", "send", "")).vetoed());
}

TEST_F(PolicyGroups, RefusesAnUnknownPolicyNameAtStart) {
  try {
    start("policies = [\"open\", \"admin-add\"]\n");
    FAIL() << "start_all accepted an unknown policy";
  } catch (const StartupError& e) {
    EXPECT_THAT(e.what(), HasSubstr("plugin instance \"pg\" (policy-groups) failed to start"));
    EXPECT_THAT(e.what(), HasSubstr("unknown policy \"admin-add\""));
    EXPECT_THAT(e.what(), HasSubstr("admins-add"));  // the known names are listed
  }
  EXPECT_FALSE(host.all_started());
}

}  // namespace
}  // namespace sb::kernel
