// SPDX-License-Identifier: Apache-2.0
// The plugin host against real shared objects from tests/plugins: dependency order, two
// instances of one plugin, events delivered through the bus, everything removed on unload,
// and one deliberately broken plugin per refusal, each named in the error.
#include "kernel/host/plugin_host.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <switchboard/events/message.hpp>

#include "../plugins/probe_service.hpp"
#include "kernel/host/event_bus.hpp"
#include "kernel/host/http/router.hpp"
#include "kernel/host/log.hpp"
#include "kernel/host/metrics_registry.hpp"
#include "kernel/host/scheduler.hpp"
#include "kernel/host/service_registry.hpp"

namespace sb::kernel {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Responder final : public HttpResponder {
 public:
  void respond(HttpResponse r) override { response = std::move(r); }
  bool closed() const override { return false; }
  HttpResponse response;
};

class PluginHostTest : public ::testing::Test {
 protected:
  void prepare(const std::string& plugin_tables, std::map<std::string, std::string> env_vars = {}) {
    std::string text = "[plugins]\ndirs = [\"" SB_TEST_PLUGIN_DIR "\"]\n" + plugin_tables;
    EnvOverrides env(std::move(env_vars));
    config = load_config_string(text, "test.toml", env);
    host.prepare(config, env);
  }
  std::vector<std::string> probe_lines() {
    auto p = services.get<test::Probe>();
    return p ? p->lines() : std::vector<std::string>{};
  }
  std::string get(const std::string& path) {
    auto m = router.match("GET", path);
    if (m.kind != RouteMatch::Kind::found) return "<no route>";
    auto r = std::make_shared<Responder>();
    (*m.handler)(HttpRequest{}, r);
    return r->response.body;
  }
  StartupError prepare_error(const std::string& tables) {
    try {
      prepare(tables);
    } catch (const StartupError& e) {
      return e;
    }
    ADD_FAILURE() << "prepare accepted: " << tables;
    return StartupError({});
  }

  LogSink logs{{"error", LogFormat::text}};
  SourceLogger log{logs, "test"};
  MetricsRegistry metrics;
  EventBus bus{BusSettings{}, log, metrics};
  ServiceTable services_table;
  std::unique_ptr<ServiceRegistry> services_view = services_table.view("test", {});
  ServiceRegistry& services = *services_view;
  Router router;
  TimerThread timers{log};
  PluginLoader loader{{SB_TEST_PLUGIN_DIR}};
  KernelConfig config;
  PluginHost host{KernelParts{logs, bus, services_table, router, metrics, timers, "/tmp"}, loader};
};

TEST_F(PluginHostTest, StartsProvidersFirstAndStopsInReverse) {
  // needs-probe comes first in the file but requires the service good-probe provides.
  prepare("[plugin.needs]\nuse = \"needs-probe\"\n[plugin.probe]\nuse = \"good-probe\"\n");
  host.start_all();
  EXPECT_TRUE(host.all_started());
  auto probe = services.get<test::Probe>();
  ASSERT_TRUE(probe);
  host.stop_all();
  EXPECT_THAT(probe->lines(),
              ElementsAre("start probe", "start needs", "stop needs", "stop probe"));
}

TEST_F(PluginHostTest, SamePluginTwiceWithTheirOwnConfigs) {
  prepare(
      "[plugin.a]\nuse = \"good-probe\"\ngreeting = \"hi\"\n"
      "[plugin.b]\nuse = \"good-probe\"\ngreeting = \"yo\"\ntimes = 3\n");
  host.start_all();
  EXPECT_EQ(get("/test/a/hello"), "hi");
  EXPECT_EQ(get("/test/b/hello"), "yoyoyo");
  EXPECT_EQ(services.all<test::Probe>().size(), 2u);
  auto d = host.describe();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].at("id"), "a");
  EXPECT_EQ(d[1].at("version"), "1.2.3");
  EXPECT_EQ(d[1].at("health").at("state"), "ok");
}

TEST_F(PluginHostTest, EnvironmentOverridesAPluginKey) {
  prepare("[plugin.a-b]\nuse = \"good-probe\"\n", {{"SB_PLUGIN__A_B__GREETING", "env"}});
  host.start_all();
  EXPECT_EQ(get("/test/a-b/hello"), "env");
}

TEST_F(PluginHostTest, DeliversEventsToObserversAndInterceptors) {
  prepare("[plugin.p]\nuse = \"good-probe\"\n");
  host.start_all();
  auto kernel = bus.view("kernel");
  kernel->publish(MessageAccepted{.msg_id = "m1"});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (probe_lines().size() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_THAT(probe_lines(), ElementsAre("start p", "p accepted m1"));

  MessageSubmitted bad{.body = "forbidden"}, good{.body = "fine"};
  auto verdict = kernel->submit(bad);
  EXPECT_TRUE(verdict.vetoed());
  EXPECT_EQ(verdict.by, "p");
  EXPECT_EQ(verdict.code, "forbidden");
  EXPECT_FALSE(kernel->submit(good).vetoed());
}

TEST_F(PluginHostTest, UnloadRemovesRoutesHandlersAndServices) {
  prepare("[plugin.p]\nuse = \"good-probe\"\n");
  host.start_all();
  auto probe = services.get<test::Probe>();
  host.stop_all();
  EXPECT_EQ(get("/test/p/hello"), "<no route>");
  EXPECT_FALSE(services.get<test::Probe>());
  MessageSubmitted bad{.body = "forbidden"};
  EXPECT_FALSE(bus.view("kernel")->submit(bad).vetoed());
  EXPECT_THAT(bus.wiring(), ::testing::IsEmpty());
  EXPECT_THAT(probe->lines(), ElementsAre("start p", "stop p"));
}

TEST_F(PluginHostTest, ReportsPluginHealth) {
  prepare("[plugin.probe]\nuse = \"good-probe\"\n[plugin.needs]\nuse = \"needs-probe\"\n");
  host.start_all();
  auto d = host.describe();
  EXPECT_EQ(d[1].at("health").at("state"), "degraded");
  EXPECT_EQ(d[1].at("health").at("reason"), "always a little degraded");
}

TEST_F(PluginHostTest, RefusesAMissingFile) {
  auto e = prepare_error("[plugin.x]\nuse = \"no-such-plugin\"\n");
  EXPECT_THAT(e.what(),
              HasSubstr("plugin \"no-such-plugin\": file libsb_no_such_plugin.so not found in"));
  EXPECT_THAT(e.what(), HasSubstr("test.toml:"));
}

TEST_F(PluginHostTest, RefusesAMissingEntrySymbol) {
  auto e = prepare_error("[plugin.x]\nuse = \"broken-no-symbol\"\n");
  EXPECT_THAT(e.what(), HasSubstr("plugin \"broken-no-symbol\""));
  EXPECT_THAT(e.what(), HasSubstr("symbol \"switchboard_plugin\" missing"));
}

TEST_F(PluginHostTest, RefusesAnotherAbiMajorNamingBothVersions) {
  auto e = prepare_error("[plugin.x]\nuse = \"broken-abi\"\n");
  auto theirs = std::to_string(SB_ABI_MAJOR + 1) + ".0";
  auto ours = std::to_string(SB_ABI_MAJOR) + "." + std::to_string(SB_ABI_MINOR);
  EXPECT_THAT(e.what(), HasSubstr("built against SDK ABI " + theirs));
  EXPECT_THAT(e.what(), HasSubstr("this kernel speaks ABI " + ours));
}

TEST_F(PluginHostTest, RefusesALibraryThatCannotBeLoaded) {
  auto e = prepare_error("[plugin.x]\nuse = \"broken-unresolved\"\n");
  EXPECT_THAT(e.what(), HasSubstr("plugin \"broken-unresolved\""));
  EXPECT_THAT(e.what(), HasSubstr("cannot be loaded"));
  EXPECT_THAT(e.what(), HasSubstr("sb_symbol_that_does_not_exist"));
}

TEST_F(PluginHostTest, RefusesAManifestThatNamesAnotherPlugin) {
  auto e = prepare_error("[plugin.x]\nuse = \"broken-name\"\n");
  EXPECT_THAT(e.what(), HasSubstr("its manifest names it \"someone-else\""));
}

TEST_F(PluginHostTest, RefusesAnInvalidConfigWithFileLineAndKey) {
  auto e = prepare_error(
      "[plugin.p]\nuse = \"good-probe\"\ntimes = 99\nmode = \"quiet\"\ncolour = \"red\"\n");
  EXPECT_THAT(e.what(), HasSubstr("test.toml:5:"));
  EXPECT_THAT(e.what(), HasSubstr("plugin.p.times"));
  EXPECT_THAT(e.what(), HasSubstr("plugin.p.mode"));
  EXPECT_THAT(e.what(), HasSubstr("plugin.p.colour"));
  EXPECT_EQ(e.problems.size(), 3u) << e.what();
}

TEST_F(PluginHostTest, RefusesAMissingRequiredService) {
  auto e = prepare_error("[plugin.needs]\nuse = \"needs-probe\"\n");
  EXPECT_THAT(e.what(), HasSubstr("plugin instance \"needs\" (needs-probe) requires service "
                                  "\"test.probe\", which no enabled plugin instance provides"));
}

TEST_F(PluginHostTest, StartThatThrowsNamesTheInstanceAndStopsTheOthers) {
  prepare("[plugin.p]\nuse = \"good-probe\"\n[plugin.t]\nuse = \"broken-throws\"\n");
  auto probe_before = services.get<test::Probe>();
  try {
    host.start_all();
    FAIL() << "start_all succeeded";
  } catch (const StartupError& e) {
    EXPECT_THAT(e.what(), HasSubstr("plugin instance \"t\" (broken-throws) failed to start: "
                                    "cannot reach the database"));
  }
  EXPECT_FALSE(host.all_started());
  EXPECT_FALSE(services.get<test::Probe>()) << "the started instance was not stopped";
}

TEST_F(PluginHostTest, DisabledInstancesAreNotLoaded) {
  prepare("[plugin.x]\nuse = \"broken-abi\"\nenabled = false\n[plugin.p]\nuse = \"good-probe\"\n");
  host.start_all();
  EXPECT_EQ(host.describe().size(), 1u);
}

TEST_F(PluginHostTest, RefusesRulesAndChoicesThatNameNothing) {
  auto e = prepare_error(
      "[plugin.p]\nuse = \"good-probe\"\n"
      "[services]\n\"test.probe\" = \"q\"\n"
      "[bus.handlers.ghost]\npriority = 1\n"
      "[bus.handlers.p]\nevents = [\"message.acepted\"]\n");
  EXPECT_THAT(e.what(),
              HasSubstr("bus.handlers.ghost: no plugin instance \"ghost\" is configured"));
  EXPECT_THAT(e.what(), HasSubstr("bus.handlers.p.events: unknown event \"message.acepted\""));
  EXPECT_THAT(e.what(), HasSubstr("services.test.probe: no enabled plugin instance \"q\""));
}

TEST_F(PluginHostTest, EnvironmentForADisabledInstanceIsNotATypo) {
  prepare("[plugin.x]\nuse = \"good-probe\"\nenabled = false\n",
          {{"SB_PLUGIN__X__GREETING", "hi"}});
  EXPECT_TRUE(host.describe().empty());
}

}  // namespace
}  // namespace sb::kernel
