// SPDX-License-Identifier: Apache-2.0
// The service registry: provide checked against the manifest, the deployment's choice
// among several providers, all(), and removal when an instance unloads.
#include "kernel/host/service_registry.hpp"

#include <gtest/gtest.h>

#include <switchboard/services/sms.hpp>

namespace sb::kernel {
namespace {

struct FakeSms final : SmsProvider {
  explicit FakeSms(std::string n) : name(std::move(n)) {}
  void send_code(const std::string&, const std::string&) override {}
  std::string name;
};

TEST(ServiceRegistry, ProvideMustBeDeclaredInTheManifest) {
  ServiceTable table;
  auto undeclared = table.view("sms-a", {});
  try {
    undeclared->provide<SmsProvider>(std::make_shared<FakeSms>("a"));
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(),
                 "plugin instance \"sms-a\" provides service \"sms\" but its manifest "
                 "does not list it in provides");
  }
}

TEST(ServiceRegistry, FirstProviderUnlessTheDeploymentChooses) {
  for (auto chosen : {std::string(), std::string("sms-b")}) {
    std::map<std::string, std::string> choice;
    if (!chosen.empty()) choice["sms"] = chosen;
    ServiceTable table(choice);
    table.view("sms-a", {"sms"})->provide<SmsProvider>(std::make_shared<FakeSms>("a"));
    table.view("sms-b", {"sms"})->provide<SmsProvider>(std::make_shared<FakeSms>("b"));
    auto user = table.view("core", {});
    auto got = std::static_pointer_cast<FakeSms>(user->get<SmsProvider>());
    EXPECT_EQ(got->name, chosen.empty() ? "a" : "b");
    EXPECT_EQ(user->all<SmsProvider>().size(), 2u);
    EXPECT_EQ(std::static_pointer_cast<FakeSms>(user->get<SmsProvider>("sms-b"))->name, "b");
    EXPECT_EQ(table.describe().at("sms").at("chosen"), chosen.empty() ? "sms-a" : "sms-b");
  }
}

TEST(ServiceRegistry, ANamedProviderThatIsNotRunningIsNotReplacedSilently) {
  ServiceTable table(std::map<std::string, std::string>{{"sms", "sms-z"}});
  table.view("sms-a", {"sms"})->provide<SmsProvider>(std::make_shared<FakeSms>("a"));
  EXPECT_FALSE(table.view("core", {})->get<SmsProvider>());
}

TEST(ServiceRegistry, RemoveInstanceDropsItsServices) {
  ServiceTable table;
  table.view("sms-a", {"sms"})->provide<SmsProvider>(std::make_shared<FakeSms>("a"));
  EXPECT_TRUE(table.has("sms"));
  table.remove_instance("sms-a");
  EXPECT_FALSE(table.has("sms"));
}

}  // namespace
}  // namespace sb::kernel
