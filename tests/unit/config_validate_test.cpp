// SPDX-License-Identifier: Apache-2.0
// The schema validator on a hand-made plugin schema: defaults, every error class with its
// position and dotted key, and environment overrides of plugin keys.
#include "kernel/host/config_validate.hpp"

#include <gtest/gtest.h>

#include <string>

#include "kernel/host/config_util.hpp"

namespace sb::kernel {
namespace {

ConfigSchema webhook_schema() {
  ConfigKey note = key_string("note", "", "Free text");
  note.default_value = nullptr;
  return {
      key_required("url", ConfigType::string, "Where to POST"),
      key_int("timeout_ms", 5000, "Request timeout", 1, 60000),
      key_number("ratio", 0.5, "Sampling ratio", 0, 1),
      key_string("mode", "fast", "Delivery mode", {"fast", "slow"}),
      key_strings("tags", {"a"}, "Tags"),
      key_table("headers", "Extra HTTP headers"),
      key_bool("verbose", false, "Log each request"),
      secret(key_string("token", "", "Bearer token")),
      note,
  };
}

toml::table parse(std::string_view text) {
  ConfigError err;
  auto t = config_detail::parse_toml(text, "p.toml", err);
  EXPECT_TRUE(t) << err.to_string();
  return t ? std::move(*t) : toml::table{};  // a copy would drop the source positions
}

struct Result {
  json::object values;
  std::vector<ConfigError> errors;
  std::string text() const {
    std::string out;
    for (auto& e : errors) out += e.to_string() + "\n";
    return out;
  }
};

// Validates the [plugin.w] table of `text`.
Result run(std::string_view text, std::map<std::string, std::string> vars = {}) {
  toml::table doc = parse(text);
  EnvOverrides env(std::move(vars));
  Result r;
  auto* section = doc.at_path("plugin.w").as_table();
  toml::table empty;
  r.values = validate_section(section ? *section : empty, webhook_schema(), "plugin.w", "p.toml",
                              env, r.errors);
  check_unused_env(env, r.errors);
  return r;
}

TEST(ConfigValidate, FillsDefaultsWithJsonTypes) {
  Result r = run("[plugin.w]\nurl = \"http://x\"\n");
  ASSERT_TRUE(r.errors.empty()) << r.text();
  EXPECT_EQ(r.values.size(), webhook_schema().size());
  EXPECT_EQ(r.values.at("url"), "http://x");
  EXPECT_TRUE(r.values.at("timeout_ms").is_int64());
  EXPECT_EQ(r.values.at("timeout_ms").as_int64(), 5000);
  EXPECT_DOUBLE_EQ(r.values.at("ratio").as_double(), 0.5);
  EXPECT_EQ(r.values.at("mode"), "fast");
  EXPECT_EQ(r.values.at("tags"), (json::array{"a"}));
  EXPECT_EQ(r.values.at("headers"), json::object{});
  EXPECT_EQ(r.values.at("verbose"), false);
  EXPECT_TRUE(r.values.at("note").is_null());
  ConfigView view(r.values);
  EXPECT_FALSE(view.has("note"));
  EXPECT_EQ(view.integer("timeout_ms"), 5000);
}

TEST(ConfigValidate, KeepsGivenValues) {
  Result r = run(R"([plugin.w]
url = "u"
timeout_ms = 250
ratio = 1
mode = "slow"
tags = ["x", "y"]
headers = { X-Env = "prod", retries = 3, on = true, f = 1.5 }
verbose = true
)");
  ASSERT_TRUE(r.errors.empty()) << r.text();
  EXPECT_EQ(r.values.at("timeout_ms").as_int64(), 250);
  EXPECT_TRUE(r.values.at("ratio").is_int64());  // integers accepted where a number is wanted
  EXPECT_DOUBLE_EQ(ConfigView(r.values).number("ratio"), 1.0);
  EXPECT_EQ(r.values.at("mode"), "slow");
  EXPECT_EQ(r.values.at("tags"), (json::array{"x", "y"}));
  EXPECT_EQ(r.values.at("headers"),
            (json::object{{"X-Env", "prod"}, {"retries", 3}, {"on", true}, {"f", 1.5}}));
  EXPECT_EQ(r.values.at("verbose"), true);
}

TEST(ConfigValidate, MissingRequiredKeyNamesTheTable) {
  Result r = run("# comment\n[plugin.w]\nmode = \"fast\"\n");
  ASSERT_EQ(r.errors.size(), 1u) << r.text();
  EXPECT_EQ(r.errors[0].to_string(), "p.toml:2:1: plugin.w.url: missing required key (string)");
}

TEST(ConfigValidate, EachErrorClassWithPositionAndKey) {
  Result r = run(R"([plugin.w]
url = 5
timeout_ms = 0
ratio = 1.5
mode = "quick"
tags = ["a", 2]
headers = { a = { b = 1 } }
verbose = "yes"
mdoe = 1
timeout_ms_x = 2.5
)");
  std::string t = r.text();
  EXPECT_EQ(r.errors.size(), 9u) << t;
  EXPECT_NE(t.find("p.toml:2:7: plugin.w.url: expected string, got integer\n"), std::string::npos)
      << t;
  EXPECT_NE(t.find("p.toml:3:14: plugin.w.timeout_ms: must be between 1 and 60000, got 0\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("p.toml:4:9: plugin.w.ratio: must be between 0 and 1, got 1.5\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("p.toml:5:8: plugin.w.mode: must be one of fast, slow; got \"quick\"\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("p.toml:6:14: plugin.w.tags[1]: expected string, got integer\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("plugin.w.headers.a: expected a string, integer, float or boolean, got table"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("p.toml:8:11: plugin.w.verbose: expected boolean, got string\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("p.toml:9:8: plugin.w.mdoe: unknown key; did you mean mode?\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("p.toml:10:16: plugin.w.timeout_ms_x: unknown key; did you mean timeout_ms?"),
            std::string::npos)
      << t;
  // Errors come in file order.
  EXPECT_EQ(r.errors.front().key, "plugin.w.url");
  EXPECT_EQ(r.errors.back().key, "plugin.w.timeout_ms_x");
  // A bad value is never repaired: the result holds the default.
  EXPECT_EQ(r.values.at("timeout_ms").as_int64(), 5000);
}

TEST(ConfigValidate, FloatIsNotAnInteger) {
  Result r = run("[plugin.w]\nurl = \"u\"\ntimeout_ms = 100.0\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "expected integer, got float");
}

TEST(ConfigValidate, NoSuggestionForUnrelatedKey) {
  Result r = run("[plugin.w]\nurl = \"u\"\ncolour = 1\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "unknown key");
}

TEST(ConfigValidate, EnvironmentOverridesPluginKeys) {
  Result r = run("[plugin.w]\ntimeout_ms = 100\n", {{"SB_PLUGIN__W__URL", "http://env"},
                                                    {"SB_PLUGIN__W__TIMEOUT_MS", "700"},
                                                    {"SB_PLUGIN__W__RATIO", "0.25"},
                                                    {"SB_PLUGIN__W__VERBOSE", "yes"},
                                                    {"SB_PLUGIN__W__TAGS", "[\"p\", \"q\"]"},
                                                    {"SB_PLUGIN__W__HEADERS", "{ k = \"v\" }"}});
  ASSERT_TRUE(r.errors.empty()) << r.text();
  EXPECT_EQ(r.values.at("url"), "http://env");  // satisfies the required key
  EXPECT_EQ(r.values.at("timeout_ms").as_int64(), 700);
  EXPECT_DOUBLE_EQ(r.values.at("ratio").as_double(), 0.25);
  EXPECT_EQ(r.values.at("verbose"), true);
  EXPECT_EQ(r.values.at("tags"), (json::array{"p", "q"}));
  EXPECT_EQ(r.values.at("headers"), (json::object{{"k", "v"}}));
}

TEST(ConfigValidate, EnvironmentValuesParsedPerType) {
  for (auto [text, expected] : {std::pair{"true", true},
                                {"1", true},
                                {"YES", true},
                                {"false", false},
                                {"0", false},
                                {"no", false}}) {
    Result r = run("[plugin.w]\nurl = \"u\"\n", {{"SB_PLUGIN__W__VERBOSE", text}});
    ASSERT_TRUE(r.errors.empty()) << text << ": " << r.text();
    EXPECT_EQ(r.values.at("verbose"), expected) << text;
  }
  Result list = run("[plugin.w]\nurl = \"u\"\n", {{"SB_PLUGIN__W__TAGS", " a, b ,c"}});
  ASSERT_TRUE(list.errors.empty()) << list.text();
  EXPECT_EQ(list.values.at("tags"), (json::array{"a", "b", "c"}));
}

TEST(ConfigValidate, UnparsableEnvironmentValuesNameTheVariable) {
  Result r = run("[plugin.w]\nurl = \"u\"\n", {{"SB_PLUGIN__W__TIMEOUT_MS", "12x"},
                                               {"SB_PLUGIN__W__VERBOSE", "maybe"},
                                               {"SB_PLUGIN__W__RATIO", "2"},
                                               {"SB_PLUGIN__W__MODE", "medium"},
                                               {"SB_PLUGIN__W__TAGS", "[1, 2]"},
                                               {"SB_PLUGIN__W__HEADERS", "{ k = "}});
  std::string t = r.text();
  EXPECT_EQ(r.errors.size(), 6u) << t;
  EXPECT_NE(t.find("environment variable SB_PLUGIN__W__TIMEOUT_MS: plugin.w.timeout_ms: "
                   "expected integer, got \"12x\""),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("environment variable SB_PLUGIN__W__VERBOSE: plugin.w.verbose: expected "
                   "boolean"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("environment variable SB_PLUGIN__W__RATIO: plugin.w.ratio: must be between 0 "
                   "and 1, got 2"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("environment variable SB_PLUGIN__W__MODE: plugin.w.mode: must be one of"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("environment variable SB_PLUGIN__W__TAGS: plugin.w.tags: expected an array"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("environment variable SB_PLUGIN__W__HEADERS: plugin.w.headers: expected an "
                   "inline TOML table"),
            std::string::npos)
      << t;
}

TEST(ConfigValidate, SecretValuesAreNeverPrinted) {
  ConfigSchema schema{secret(key_int("pin", 0, "PIN", 0, 9999)),
                      secret(key_string("level", "low", "Level", {"low", "high"}))};
  EnvOverrides env({{"SB_S__PIN", "12345x"}, {"SB_S__LEVEL", "hunter2"}});
  std::vector<ConfigError> errors;
  toml::table doc = parse("[s]\npin = 123456\n");
  validate_section(*doc.get_as<toml::table>("s"), schema, "s", "p.toml", env, errors);
  ASSERT_EQ(errors.size(), 3u);
  for (auto& e : errors) {
    EXPECT_EQ(e.message.find("123"), std::string::npos) << e.to_string();
    EXPECT_EQ(e.message.find("hunter2"), std::string::npos) << e.to_string();
    EXPECT_NE(e.message.find("hidden"), std::string::npos) << e.to_string();
  }
}

TEST(ConfigEnv, VariableNamesFollowTheDottedKey) {
  EXPECT_EQ(EnvOverrides::variable_for("server.listen"), "SB_SERVER__LISTEN");
  EXPECT_EQ(EnvOverrides::variable_for("server.data_dir"), "SB_SERVER__DATA_DIR");
  EXPECT_EQ(EnvOverrides::variable_for("plugin.webhook-a.url"), "SB_PLUGIN__WEBHOOK_A__URL");
  EXPECT_EQ(EnvOverrides::variable_for("bus.handlers.webhook-a.priority"),
            "SB_BUS__HANDLERS__WEBHOOK_A__PRIORITY");
}

TEST(ConfigEnv, RecordsConsumptionAndSuggests) {
  EnvOverrides env({{"SB_PLUGIN__W__URL", "x"}, {"SB_PLUGIN__W__URLS", "y"}, {"SB_HOME", "z"}});
  EXPECT_TRUE(env.has("plugin.w.url"));
  EXPECT_EQ(env.unused(), (std::vector<std::string>{"SB_PLUGIN__W__URL", "SB_PLUGIN__W__URLS"}));
  EXPECT_EQ(env.take("plugin.w.url"), "x");
  EXPECT_EQ(env.take("plugin.w.timeout"), std::nullopt);
  EXPECT_EQ(env.unused(), (std::vector<std::string>{"SB_PLUGIN__W__URLS"}));
  std::vector<ConfigError> errors;
  check_unused_env(env, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].to_string(),
            "environment variable SB_PLUGIN__W__URLS: matches no configuration key "
            "(SB_<SECTION>__<KEY>); did you mean SB_PLUGIN__W__URL?");
  env.consume_under("plugin.w");
  EXPECT_TRUE(env.unused().empty());
}

TEST(ConfigEnv, ReadsTheProcessEnvironment) {
  ::setenv("SB_CONFIG_TEST__PROBE", "42", 1);
  EnvOverrides env = EnvOverrides::from_process();
  ::unsetenv("SB_CONFIG_TEST__PROBE");
  ASSERT_TRUE(env.vars().contains("SB_CONFIG_TEST__PROBE"));
  EXPECT_EQ(env.vars().at("SB_CONFIG_TEST__PROBE"), "42");
  for (auto& [name, value] : env.vars()) EXPECT_TRUE(name.starts_with("SB_")) << name;
}

}  // namespace
}  // namespace sb::kernel
