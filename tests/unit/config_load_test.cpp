// SPDX-License-Identifier: Apache-2.0
// The config loader: defaults, a full file into typed settings, errors with file:line:column
// and dotted keys, handler rules, instances, and the default deployment file.
#include "config_test_support.hpp"
#include "kernel/host/config.hpp"

#include <gtest/gtest.h>

#include <set>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace sb::kernel {
namespace {

using std::chrono::milliseconds;

using test::failure;
using test::load;

std::vector<ConfigError> errors_of(std::string_view text) {
  try {
    load(text);
  } catch (const ConfigErrors& e) {
    return e.errors;
  }
  return {};
}

TEST(ConfigLoad, EmptyFileGivesDefaults) {
  KernelConfig c = load("");
  ServerSettings d;
  EXPECT_EQ(c.file, "t.toml");
  EXPECT_EQ(c.server.listen, d.listen);
  EXPECT_EQ(c.server.data_dir, d.data_dir);
  EXPECT_EQ(c.server.node_id, "");
  EXPECT_EQ(c.server.io_threads, 0);
  EXPECT_EQ(c.server.max_header_bytes, d.max_header_bytes);
  EXPECT_EQ(c.server.max_body_bytes, d.max_body_bytes);
  EXPECT_EQ(c.server.header_timeout, d.header_timeout);
  EXPECT_EQ(c.server.body_timeout, d.body_timeout);
  EXPECT_EQ(c.server.keepalive_timeout, d.keepalive_timeout);
  EXPECT_EQ(c.server.drain_timeout, d.drain_timeout);
  EXPECT_EQ(c.server.max_connections, d.max_connections);
  EXPECT_EQ(c.server.max_connections_per_address, 256u);
  EXPECT_TRUE(c.server.cors_origins.empty());  // CORS is off unless configured
  EXPECT_EQ(c.log.level, "info");
  EXPECT_EQ(c.log.format, LogFormat::text);
  EXPECT_EQ(c.bus.observer_threads, 2);
  EXPECT_EQ(c.bus.queue_capacity, 10'000u);
  EXPECT_EQ(c.bus.default_deadline, milliseconds(100));
  EXPECT_EQ(c.bus.default_failure_mode, FailureMode::open);
  EXPECT_TRUE(c.bus.handlers.empty());
  EXPECT_TRUE(c.plugin_dirs.empty());
  EXPECT_TRUE(c.services.empty());
  EXPECT_TRUE(c.instances.empty());
  EXPECT_EQ(c.server_json.size(), server_schema().size());
  EXPECT_EQ(c.server_json.at("listen"), "0.0.0.0:8080");
  EXPECT_EQ(c.log_json.at("level"), "info");
  EXPECT_EQ(c.bus_json.at("default_failure_mode"), "open");
}

TEST(ConfigLoad, ConnectionCapPerAddressAndCorsOrigins) {
  KernelConfig c = load(R"(
[server]
max_connections_per_address = 0
cors_origins = ["https://app.example", "https://admin.example"]
)");
  EXPECT_EQ(c.server.max_connections_per_address, 0u);
  EXPECT_EQ(c.server.cors_origins,
            (std::vector<std::string>{"https://app.example", "https://admin.example"}));
}

TEST(ConfigLoad, FullFileIntoTypedSettings) {
  KernelConfig c = load(R"(
[server]
listen = "127.0.0.1:9000"
data_dir = "/var/lib/sb"
node_id = "n1"
io_threads = 4
tls_cert = "c.pem"
tls_key = "k.pem"
max_header_bytes = 4096
max_body_bytes = 2048
header_timeout_ms = 1
body_timeout_ms = 2
keepalive_timeout_ms = 3
drain_timeout_ms = 4
max_connections = 5

[log]
level = "debug"
format = "json"

[plugins]
dirs = ["/opt/sb/plugins", "./plugins"]

[services]
push = "webhook-b"
message-store = "store"

[bus]
observer_threads = 8
queue_capacity = 50
default_deadline_ms = 20
default_failure_mode = "closed"

[plugin.webhook-b]
use = "push-webhook"
url = "http://b"
headers = { a = "1" }

[plugin.webhook-a]
use = "push-webhook"
enabled = false
url = "http://a"

[plugin.store]
)");
  EXPECT_EQ(c.server.listen, "127.0.0.1:9000");
  EXPECT_EQ(c.server.data_dir, "/var/lib/sb");
  EXPECT_EQ(c.server.node_id, "n1");
  EXPECT_EQ(c.server.io_threads, 4);
  EXPECT_EQ(c.server.tls_cert, "c.pem");
  EXPECT_EQ(c.server.tls_key, "k.pem");
  EXPECT_EQ(c.server.max_header_bytes, 4096u);
  EXPECT_EQ(c.server.max_body_bytes, 2048u);
  EXPECT_EQ(c.server.header_timeout, milliseconds(1));
  EXPECT_EQ(c.server.body_timeout, milliseconds(2));
  EXPECT_EQ(c.server.keepalive_timeout, milliseconds(3));
  EXPECT_EQ(c.server.drain_timeout, milliseconds(4));
  EXPECT_EQ(c.server.max_connections, 5u);
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.log.format, LogFormat::json);
  EXPECT_EQ(c.plugin_dirs, (std::vector<std::string>{"/opt/sb/plugins", "./plugins"}));
  EXPECT_EQ(c.services, (std::map<std::string, std::string>{{"push", "webhook-b"},
                                                            {"message-store", "store"}}));
  EXPECT_EQ(c.bus.observer_threads, 8);
  EXPECT_EQ(c.bus.queue_capacity, 50u);
  EXPECT_EQ(c.bus.default_deadline, milliseconds(20));
  EXPECT_EQ(c.bus.default_failure_mode, FailureMode::closed);

  // Instances in file order; one plugin twice under two ids.
  ASSERT_EQ(c.instances.size(), 3u);
  EXPECT_EQ(c.instances[0].id, "webhook-b");
  EXPECT_EQ(c.instances[0].plugin, "push-webhook");
  EXPECT_TRUE(c.instances[0].enabled);
  EXPECT_EQ(c.instances[0].where, "t.toml:34:1");
  EXPECT_FALSE(c.instances[0].section.contains("use"));
  EXPECT_EQ(c.instances[0].section["url"].value_or(""), std::string("http://b"));
  EXPECT_TRUE(c.instances[0].section.contains("headers"));
  EXPECT_EQ(c.instances[1].id, "webhook-a");
  EXPECT_EQ(c.instances[1].plugin, "push-webhook");
  EXPECT_FALSE(c.instances[1].enabled);
  EXPECT_FALSE(c.instances[1].section.contains("enabled"));
  EXPECT_EQ(c.instances[2].id, "store");
  EXPECT_EQ(c.instances[2].plugin, "store");  // `use` defaults to the id
  EXPECT_TRUE(c.instances[2].section.empty());
}

TEST(ConfigLoad, WrongTypeNamesFileLineAndKey) {
  EXPECT_EQ(failure("[server]\nlisten = 8080\n"),
            "t.toml:2:10: server.listen: expected string, got integer");
}

TEST(ConfigLoad, UnknownKeySuggestsTheClosest) {
  EXPECT_EQ(failure("[server]\n\nlisen = \"x:1\"\n"),
            "t.toml:3:9: server.lisen: unknown key; did you mean listen?");
}

TEST(ConfigLoad, OutOfRange) {
  EXPECT_EQ(failure("[server]\nio_threads = 300\n"),
            "t.toml:2:14: server.io_threads: must be between 0 and 256, got 300");
  EXPECT_EQ(failure("[bus]\nqueue_capacity = 0\n"),
            "t.toml:2:18: bus.queue_capacity: must be between 1 and 10000000, got 0");
}

TEST(ConfigLoad, NotOneOfTheChoices) {
  EXPECT_EQ(failure("[log]\nlevel = \"verbose\"\n"),
            "t.toml:2:9: log.level: must be one of trace, debug, info, warn, error; "
            "got \"verbose\"");
  EXPECT_EQ(failure("[log]\nformat = \"jsno\"\n"),
            "t.toml:2:10: log.format: must be one of text, json; got \"jsno\"; did you mean json?");
}

TEST(ConfigLoad, StringListWithNonStringItem) {
  EXPECT_EQ(failure("[plugins]\ndirs = [\"a\", 1]\n"),
            "t.toml:2:14: plugins.dirs[1]: expected string, got integer");
}

TEST(ConfigLoad, BadInstanceIdAndPluginName) {
  std::string t = failure("[plugin.Webhook]\n[plugin.ok]\nuse = \"Bad Name\"\n");
  EXPECT_NE(t.find("t.toml:1:1: plugin.Webhook: invalid instance id \"Webhook\": use lowercase"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("t.toml:3:7: plugin.ok.use: invalid plugin name \"Bad Name\""),
            std::string::npos)
      << t;
  EXPECT_NE(failure("[plugin]\nx = 1\n").find("t.toml:2:5: plugin.x: expected table, got integer"),
            std::string::npos);
}

TEST(ConfigLoad, UnknownSection) {
  EXPECT_EQ(failure("[sever]\nlisten = \"a:1\"\n"),
            "t.toml:1:1: sever: unknown section; did you mean server?");
  EXPECT_EQ(failure("port = 1\n"), "t.toml:1:8: port: unknown section");
  EXPECT_EQ(failure("server = 1\n"), "t.toml:1:10: server: expected table, got integer");
}

TEST(ConfigLoad, SyntaxErrorHasTheLine) {
  auto errors = errors_of("[server]\nlisten = \"a:1\"\nio_threads = \n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0].where.starts_with("t.toml:3:")) << errors[0].to_string();
  EXPECT_TRUE(errors[0].key.empty());
  EXPECT_FALSE(errors[0].message.empty());
}

TEST(ConfigLoad, ReportsEveryErrorTogether) {
  auto errors = errors_of(R"([server]
listen = 1
io_threads = -1
[log]
level = "loud"
[bus]
observer_threads = 0
colour = "red"
[nope]
)");
  ASSERT_EQ(errors.size(), 6u);
  std::vector<std::string> keys;
  for (auto& e : errors) keys.push_back(e.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"nope", "server.listen", "server.io_threads",
                                            "log.level", "bus.observer_threads", "bus.colour"}));
  EXPECT_EQ(errors[4].where, "t.toml:7:20");
}

TEST(ConfigLoad, ListenMustBeHostPort) {
  EXPECT_EQ(failure("[server]\nlisten = \"localhost\"\n"),
            "t.toml:2:10: server.listen: expected host:port with a port between 0 and 65535, got "
            "\"localhost\"");
  EXPECT_NE(failure("[server]\nlisten = \"h:70000\"\n").find("server.listen"), std::string::npos);
  EXPECT_EQ(load("[server]\nlisten = \"[::1]:0\"\n").server.listen, "[::1]:0");
}

TEST(ConfigLoad, TlsNeedsCertAndKey) {
  EXPECT_EQ(failure("[server]\ntls_cert = \"c.pem\"\n"),
            "t.toml:2:12: server.tls_key: must be set too: TLS needs both tls_cert and tls_key");
}

TEST(ConfigLoad, ServicesAreInstanceIds) {
  EXPECT_EQ(failure("[services]\nsms = 5\n"),
            "t.toml:2:7: services.sms: expected string (an instance id), got integer");
  EXPECT_NE(
      failure("[services]\nsms = \"SMS Console\"\n").find("services.sms: invalid instance id"),
      std::string::npos);
}

TEST(ConfigLoad, BusHandlerRules) {
  KernelConfig c = load(R"(
[bus.handlers.webhook-a]
priority = -5
deadline_ms = 50
failure_mode = "closed"
events = ["message.accepted", "message.read"]
filter = { chat_type = "group", urgent = true }

[bus.handlers.audit]
events = []
)");
  ASSERT_EQ(c.bus.handlers.size(), 2u);
  const HandlerRule& a = c.bus.handlers.at("webhook-a");
  EXPECT_EQ(a.priority, -5);
  EXPECT_EQ(a.deadline, milliseconds(50));
  EXPECT_EQ(a.failure_mode, FailureMode::closed);
  EXPECT_EQ(a.events, (std::vector<std::string>{"message.accepted", "message.read"}));
  EXPECT_EQ(a.filter, (json::object{{"chat_type", "group"}, {"urgent", true}}));
  const HandlerRule& b = c.bus.handlers.at("audit");
  EXPECT_FALSE(b.priority);
  EXPECT_FALSE(b.deadline);
  EXPECT_FALSE(b.failure_mode);
  ASSERT_TRUE(b.events);
  EXPECT_TRUE(b.events->empty());
  EXPECT_TRUE(b.filter.empty());
  EXPECT_TRUE(c.bus_handlers_json.at("audit").at("priority").is_null());
  // The bus's own keys are unaffected by the handlers table.
  EXPECT_EQ(c.bus.observer_threads, 2);
}

TEST(ConfigLoad, BadBusHandlerRules) {
  EXPECT_EQ(failure("[bus]\nhandlers = 3\n"),
            "t.toml:2:12: bus.handlers: expected table, got integer");

  std::string t = failure(R"([bus.handlers.x]
deadline_ms = 0
failure_mode = "half"
filter = { nested = { a = 1 } }
priorty = 1
[bus.handlers.Bad]
)");
  EXPECT_NE(t.find("t.toml:2:15: bus.handlers.x.deadline_ms: must be between 1 and 60000, got 0"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("t.toml:3:16: bus.handlers.x.failure_mode: must be one of open, closed"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("bus.handlers.x.filter.nested: expected a string, integer, float or boolean"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("t.toml:5:11: bus.handlers.x.priorty: unknown key; did you mean priority?"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("t.toml:6:1: bus.handlers.Bad: invalid instance id"), std::string::npos) << t;
}

TEST(ConfigLoad, ReadsAFileAndRefusesAMissingOne) {
  auto dir =
      std::filesystem::temp_directory_path() / ("sb-config-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "switchboard.toml").string();
  std::ofstream(path) << "[server]\nlisten = \"127.0.0.1:1\"\n[log]\nlevel = 3\n";
  EnvOverrides env;
  try {
    load_config(path, env);
    ADD_FAILURE() << "loaded";
  } catch (const ConfigErrors& e) {
    EXPECT_EQ(std::string(e.what()), path + ":4:9: log.level: expected string, got integer");
  }
  std::ofstream(path) << "[server]\nlisten = \"127.0.0.1:1\"\n";
  EXPECT_EQ(load_config(path, env).server.listen, "127.0.0.1:1");
  std::filesystem::remove_all(dir);

  try {
    load_config((dir / "absent.toml").string(), env);
    ADD_FAILURE() << "loaded";
  } catch (const ConfigErrors& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot read " + (dir / "absent.toml").string() + ": No such file or directory");
  }
}

TEST(ConfigLoad, DefaultDeploymentFileLoads) {
  EnvOverrides env;
  KernelConfig c = load_config(SB_SOURCE_DIR "/config/switchboard.toml", env);
  EXPECT_EQ(c.server.listen, "0.0.0.0:8080");
  EXPECT_EQ(c.server.data_dir, "./data");
  EXPECT_EQ(c.log.level, "info");
  EXPECT_EQ(c.log.format, LogFormat::text);
  std::set<std::string> plugins;
  for (auto& i : c.instances) plugins.insert(i.plugin);
  EXPECT_EQ(plugins,
            (std::set<std::string>{"store-sqlite", "transport-websocket", "transport-longpoll",
                                   "policy-groups", "sms-console", "bots-lua", "admin",
                                   "push-webpush", "media-fs", "media-layer", "ui-webapp"}));
  std::vector<ConfigError> errors;
  check_unused_env(env, errors);
  EXPECT_TRUE(errors.empty());
}

TEST(ConfigLoad, InstanceSectionKeepsPositionsForThePluginHost) {
  KernelConfig c = load("[plugin.webhook-a]\nuse = \"push-webhook\"\nurl = 5\n");
  KernelConfig moved = std::move(c);
  ConfigSchema schema{key_required("url", ConfigType::string, "Where to POST"),
                      key_required("token", ConfigType::string, "Bearer token")};
  EnvOverrides env;
  std::vector<ConfigError> errors;
  validate_section(moved.instances.at(0).section, schema, "plugin.webhook-a", moved.file, env,
                   errors);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].to_string(),
            "t.toml:3:7: plugin.webhook-a.url: expected string, got integer");
  EXPECT_EQ(errors[1].to_string(),
            "t.toml:1:1: plugin.webhook-a.token: missing required key (string)");
}

TEST(ConfigLoad, KernelSchemasDescribeEveryKey) {
  for (auto* schema :
       {&server_schema(), &log_schema(), &plugins_schema(), &bus_schema(), &bus_handler_schema()}) {
    for (auto& key : *schema) EXPECT_FALSE(key.description.empty()) << key.name;
  }
}

}  // namespace
}  // namespace sb::kernel
