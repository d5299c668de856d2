// SPDX-License-Identifier: Apache-2.0
// SB_SECTION__KEY environment overrides through the loader: kernel keys, instance ids with
// dashes, keys absent from the file, unparsable values and variables that match nothing.
#include <gtest/gtest.h>

#include <string>

#include "kernel/host/config.hpp"

namespace sb::kernel {
namespace {

using Vars = std::map<std::string, std::string>;

std::string failure(std::string_view text, Vars vars) {
  EnvOverrides env(std::move(vars));
  try {
    load_config_string(text, "t.toml", env);
  } catch (const ConfigErrors& e) {
    return e.what();
  }
  ADD_FAILURE() << "config loaded:\n" << text;
  return {};
}

TEST(ConfigEnvLoad, OverridesServerKeys) {
  EnvOverrides env(Vars{{"SB_SERVER__LISTEN", "127.0.0.1:18080"},
                        {"SB_SERVER__DATA_DIR", "/tmp/x"},
                        {"SB_SERVER__IO_THREADS", "3"},
                        {"SB_LOG__LEVEL", "debug"},
                        {"SB_PATH_LIKE", "ignored: no double underscore"}});
  KernelConfig c = load_config_string("[server]\nlisten = \"0.0.0.0:8080\"\n", "t.toml", env);
  EXPECT_EQ(c.server.listen, "127.0.0.1:18080");
  EXPECT_EQ(c.server.data_dir, "/tmp/x");  // absent from the file
  EXPECT_EQ(c.server.io_threads, 3);
  EXPECT_EQ(c.log.level, "debug");  // whole section absent from the file
  EXPECT_EQ(c.server_json.at("listen"), "127.0.0.1:18080");
  EXPECT_TRUE(env.unused().empty());
}

TEST(ConfigEnvLoad, UnparsableOrOutOfRangeValueNamesTheVariable) {
  EXPECT_EQ(failure("", {{"SB_SERVER__IO_THREADS", "four"}}),
            "environment variable SB_SERVER__IO_THREADS: server.io_threads: expected integer, "
            "got \"four\"");
  EXPECT_EQ(failure("", {{"SB_BUS__OBSERVER_THREADS", "65"}}),
            "environment variable SB_BUS__OBSERVER_THREADS: bus.observer_threads: must be between "
            "1 and 64, got 65");
  EXPECT_EQ(failure("", {{"SB_SERVER__LISTEN", "nowhere"}}),
            "environment variable SB_SERVER__LISTEN: server.listen: expected host:port with a "
            "port between 0 and 65535, got \"nowhere\"");
}

TEST(ConfigEnvLoad, UnknownVariableIsAnError) {
  EXPECT_EQ(failure("", {{"SB_SERVR__LISTEN", "1.2.3.4:5"}}),
            "environment variable SB_SERVR__LISTEN: matches no configuration key "
            "(SB_<SECTION>__<KEY>); did you mean SB_SERVER__LISTEN?");
  EXPECT_NE(failure("", {{"SB_PLUGIN__NOPE__URL", "x"}}).find("SB_PLUGIN__NOPE__URL: matches no"),
            std::string::npos);
}

TEST(ConfigEnvLoad, FileAndVariableErrorsTogether) {
  std::string t =
      failure("[server]\nio_threads = \"2\"\n", {{"SB_LOG__FORMAT", "xml"}, {"SB_BUS__NOPE", "1"}});
  EXPECT_NE(t.find("t.toml:2:14: server.io_threads: expected integer, got string"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("environment variable SB_LOG__FORMAT: log.format: must be one of text, json"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("environment variable SB_BUS__NOPE: matches no configuration key"),
            std::string::npos)
      << t;
}

TEST(ConfigEnvLoad, InstanceIdsWithDashes) {
  EnvOverrides env(Vars{{"SB_PLUGIN__WEBHOOK_A__ENABLED", "false"},
                        {"SB_PLUGIN__WEBHOOK_A__URL", "http://env"},
                        {"SB_BUS__HANDLERS__WEBHOOK_A__PRIORITY", "7"},
                        {"SB_BUS__HANDLERS__WEBHOOK_A__FILTER", "{ chat_type = \"group\" }"},
                        {"SB_PLUGINS__DIRS", "/a, /b"},
                        {"SB_SERVICES__PUSH", "webhook-a"},
                        {"SB_SERVICES__MESSAGE_STORE", "store-1"}});
  KernelConfig c =
      load_config_string("[plugin.webhook-a]\nuse = \"push-webhook\"\n", "t.toml", env);
  ASSERT_EQ(c.instances.size(), 1u);
  EXPECT_FALSE(c.instances[0].enabled);
  ASSERT_TRUE(c.bus.handlers.contains("webhook-a"));  // written by variables alone
  EXPECT_EQ(c.bus.handlers.at("webhook-a").priority, 7);
  EXPECT_EQ(c.bus.handlers.at("webhook-a").filter, (json::object{{"chat_type", "group"}}));
  EXPECT_EQ(c.plugin_dirs, (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(c.services, (std::map<std::string, std::string>{{"push", "webhook-a"},
                                                            {"message-store", "store-1"}}));

  // The plugin's own key waits for its schema...
  EXPECT_EQ(env.unused(), (std::vector<std::string>{"SB_PLUGIN__WEBHOOK_A__URL"}));
  std::vector<ConfigError> errors;
  check_unused_env(env, errors);
  EXPECT_EQ(errors.size(), 1u);

  // ...which the plugin host applies when it validates the section.
  errors.clear();
  ConfigSchema schema{key_required("url", ConfigType::string, "Where to POST")};
  json::object v =
      validate_section(c.instances[0].section, schema, "plugin.webhook-a", c.file, env, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(v.at("url"), "http://env");
  check_unused_env(env, errors);
  EXPECT_TRUE(errors.empty());
}

TEST(ConfigEnvLoad, OverrideOfServiceInTheFile) {
  EnvOverrides env(Vars{{"SB_SERVICES__SMS", "sms-file"}});
  KernelConfig c = load_config_string("[services]\nsms = \"sms-console\"\n", "t.toml", env);
  EXPECT_EQ(c.services.at("sms"), "sms-file");
  EXPECT_TRUE(env.unused().empty());
}

TEST(ConfigEnvLoad, DisabledInstanceVariablesCanBeSetAside) {
  EnvOverrides env(Vars{{"SB_PLUGIN__OFF__URL", "x"}});
  KernelConfig c = load_config_string("[plugin.off]\nenabled = false\n", "t.toml", env);
  env.consume_under("plugin.off");
  EXPECT_TRUE(env.unused().empty());
}

}  // namespace
}  // namespace sb::kernel
