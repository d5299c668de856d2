// SPDX-License-Identifier: Apache-2.0
// The real daemon end to end: health, readiness and metrics over HTTP, env overrides,
// `check`, `wiring` and `events`, plugin refusals at start-up, SIGHUP reload, SIGTERM drain.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <thread>

#include "daemon.hpp"

namespace sb::test {
namespace {

using ::testing::HasSubstr;

const std::string kPlugins = "[plugins]\ndirs = [\"" SB_TEST_PLUGIN_DIR "\"]\n";

class DaemonTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> env() const {
    return {{"SB_SERVER__LISTEN", "127.0.0.1:0"}, {"SB_SERVER__DATA_DIR", dir.path() + "/data"}};
  }
  TempDir dir;
};

TEST_F(DaemonTest, ServesHealthReadinessAndMetricsThenDrainsOnSigterm) {
  auto config = dir.write("sb.toml", kPlugins + "[plugin.p]\nuse = \"good-probe\"\n");
  Daemon d;
  d.spawn({"run", "--config", config}, env());
  int port = d.wait_listening();
  ASSERT_GT(port, 0) << d.err();

  auto health = http_get(port, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  auto ready = http_get(port, "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_THAT(ready.body, HasSubstr(R"("id":"p")"));
  EXPECT_THAT(ready.body, HasSubstr(R"("state":"ok")"));
  EXPECT_EQ(http_get(port, "/test/p/hello").body, "hello");
  auto metrics = http_get(port, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("sb_plugin_health{instance=\"p\",plugin=\"good-probe\"} 1"));
  EXPECT_THAT(metrics.body, HasSubstr("sb_http_requests_total"));
  EXPECT_EQ(http_get(port, "/nope").status, 404);

  auto before = std::chrono::steady_clock::now();
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait_exit(std::chrono::seconds(15)), 0) << d.err();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(12));
  EXPECT_THAT(d.err(), HasSubstr("draining"));
  EXPECT_THAT(d.err(), HasSubstr("stopped"));
}

TEST_F(DaemonTest, EnvironmentOverridesListenAndDataDir) {
  auto config =
      dir.write("sb.toml", "[server]\nlisten = \"0.0.0.0:1\"\ndata_dir = \"/nonexistent/x\"\n");
  Daemon d;
  d.spawn({"run", "--config", config}, env());
  int port = d.wait_listening();
  ASSERT_GT(port, 0) << d.err();
  EXPECT_THAT(d.out(), HasSubstr("switchboard listening on 127.0.0.1:"));
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() + "/data"));
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait_exit(), 0);
}

TEST_F(DaemonTest, CheckAcceptsAValidConfig) {
  auto config = dir.write("sb.toml", kPlugins + "[plugin.p]\nuse = \"good-probe\"\n");
  auto r = run_switchboard({"check", "--config", config}, env());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok (1 plugin instances)"));
}

TEST_F(DaemonTest, CheckRefusesWithFileLineAndKey) {
  auto config = dir.write(
      "sb.toml", "[server]\nlisten = 8080\nmax_body_bytes = 1\n\n[log]\nlevel = \"loud\"\n");
  auto r = run_switchboard({"check", "--config", config});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr(config + ":2:"));
  EXPECT_THAT(r.err, HasSubstr("server.listen"));
  EXPECT_THAT(r.err, HasSubstr("server.max_body_bytes"));
  EXPECT_THAT(r.err, HasSubstr(config + ":6:"));
  EXPECT_THAT(r.err, HasSubstr("log.level"));
}

TEST_F(DaemonTest, CheckRefusesAnEnvironmentVariableThatMatchesNoKey) {
  auto config = dir.write("sb.toml", "");
  auto r = run_switchboard({"check", "--config", config}, {{"SB_SERVR__LISTEN", "x"}});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("SB_SERVR__LISTEN"));
}

TEST_F(DaemonTest, CheckNamesAPluginThatCannotLoad) {
  auto config = dir.write("sb.toml", kPlugins + "[plugin.x]\nuse = \"broken-abi\"\n");
  auto r = run_switchboard({"check", "--config", config});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("plugin \"broken-abi\""));
  EXPECT_THAT(r.err, HasSubstr("this kernel speaks ABI"));
}

TEST_F(DaemonTest, RunFailsCleanlyWhenAPluginThrowsInStart) {
  auto config = dir.write("sb.toml", kPlugins + "[plugin.t]\nuse = \"broken-throws\"\n");
  Daemon d;
  d.spawn({"run", "--config", config}, env());
  EXPECT_EQ(d.wait_exit(), 1);
  EXPECT_THAT(d.err(), HasSubstr("plugin instance \"t\" (broken-throws) failed to start: "
                                 "cannot reach the database"));
}

TEST_F(DaemonTest, RunFailsCleanlyWhenThePortIsTaken) {
  auto config = dir.write("sb.toml", "");
  Daemon first;
  first.spawn({"run", "--config", config}, env());
  int port = first.wait_listening();
  ASSERT_GT(port, 0);
  auto e = env();
  e["SB_SERVER__LISTEN"] = "127.0.0.1:" + std::to_string(port);
  Daemon second;
  second.spawn({"run", "--config", config}, e);
  EXPECT_EQ(second.wait_exit(), 1);
  EXPECT_THAT(second.err(), HasSubstr("127.0.0.1:" + std::to_string(port)));
  first.signal(SIGTERM);
  EXPECT_EQ(first.wait_exit(), 0);
}

TEST_F(DaemonTest, WiringShowsHandlersInOrderWithDeadlinesAndFailureModes) {
  auto config = dir.write("sb.toml", kPlugins +
                                         "[plugin.a]\nuse = \"good-probe\"\n"
                                         "[plugin.b]\nuse = \"good-probe\"\n"
                                         "[bus.handlers.b]\npriority = 90\ndeadline_ms = 7\n"
                                         "failure_mode = \"closed\"\n");
  auto r = run_switchboard({"wiring", "--config", config});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("message.submitted\n"
                               "  1. intercept b  priority 90, deadline 7 ms, fail closed\n"
                               "  2. intercept a  priority 50, deadline 100 ms, fail open\n"));
  EXPECT_THAT(r.out, HasSubstr("message.accepted\n  -  observe   a\n  -  observe   b\n"));
  auto j = run_switchboard({"wiring", "--json", "--config", config});
  EXPECT_THAT(j.out, HasSubstr(R"("instance":"b","priority":90)"));
}

TEST_F(DaemonTest, EventsPrintsTheCatalogueFromTheCode) {
  auto r = run_switchboard({"events"});
  ASSERT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("message.accepted\n"));
  EXPECT_THAT(r.out, HasSubstr("    seq: integer\n"));
  EXPECT_THAT(r.out, HasSubstr("    recipients: string[]\n"));
  auto j = run_switchboard({"events", "--json"});
  EXPECT_THAT(j.out, HasSubstr(R"({"name":"msg_id","type":"string"})"));
}

TEST_F(DaemonTest, SighupReloadsTheLogLevel) {
  auto config = dir.write("sb.toml", "[log]\nlevel = \"warn\"\n");
  Daemon d;
  d.spawn({"run", "--config", config}, env());
  ASSERT_GT(d.wait_listening(), 0) << d.err();
  EXPECT_THAT(d.err(), ::testing::Not(HasSubstr("switchboard listening")));  // info is off
  dir.write("sb.toml", "[log]\nlevel = \"info\"\nformat = \"json\"\n");
  d.signal(SIGHUP);
  EXPECT_TRUE(d.wait_err(R"("msg":"reloaded")")) << d.err();
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait_exit(), 0);
}

TEST_F(DaemonTest, UnknownCommandIsAUsageError) {
  auto r = run_switchboard({"frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command \"frobnicate\""));
}

}  // namespace
}  // namespace sb::test
