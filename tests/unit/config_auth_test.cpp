// SPDX-License-Identifier: Apache-2.0
// The [auth] section: defaults, values from the file and from SB_AUTH__* variables, and the
// checks on test numbers the schema cannot express.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_test_support.hpp"
#include "kernel/host/config.hpp"

namespace sb::kernel {
namespace {

using ::testing::HasSubstr;

using test::failure;
using test::load;

TEST(ConfigAuth, Defaults) {
  auto a = load("").auth;
  EXPECT_EQ(a.code_ttl, std::chrono::seconds(300));
  EXPECT_EQ(a.max_attempts, 5);
  EXPECT_EQ(a.requests_per_phone_per_hour, 5);
  EXPECT_EQ(a.requests_per_address_per_hour, 30);
  EXPECT_EQ(a.access_token_ttl, std::chrono::seconds(900));
  EXPECT_EQ(a.refresh_token_ttl, std::chrono::hours(30 * 24));
  EXPECT_TRUE(a.test_numbers.empty());
  EXPECT_EQ(load("").auth_json.at("code_ttl_s").as_int64(), 300);
}

TEST(ConfigAuth, ReadsTheFile) {
  auto a = load(R"([auth]
code_ttl_s = 60
max_attempts = 3
requests_per_phone_per_hour = 2
requests_per_address_per_hour = 7
access_token_ttl_s = 120
refresh_token_ttl_days = 2
test_numbers = { "+15550000001" = "123456", "+442071234567" = "000000" }
)")
               .auth;
  EXPECT_EQ(a.code_ttl, std::chrono::seconds(60));
  EXPECT_EQ(a.max_attempts, 3);
  EXPECT_EQ(a.requests_per_phone_per_hour, 2);
  EXPECT_EQ(a.requests_per_address_per_hour, 7);
  EXPECT_EQ(a.access_token_ttl, std::chrono::seconds(120));
  EXPECT_EQ(a.refresh_token_ttl, std::chrono::hours(48));
  EXPECT_EQ(a.test_numbers.size(), 2u);
  EXPECT_EQ(a.test_numbers.at("+15550000001"), "123456");
  EXPECT_EQ(a.test_numbers.at("+442071234567"), "000000");
}

TEST(ConfigAuth, TestNumbersAsASubTable) {
  auto a = load("[auth.test_numbers]\n\"+15550000001\" = \"654321\"\n").auth;
  EXPECT_EQ(a.test_numbers.at("+15550000001"), "654321");
}

TEST(ConfigAuth, EnvironmentOverrides) {
  auto a = load("[auth]\ncode_ttl_s = 60\n",
                {{"SB_AUTH__CODE_TTL_S", "1"},
                 {"SB_AUTH__MAX_ATTEMPTS", "9"},
                 {"SB_AUTH__TEST_NUMBERS", R"({ "+15550000002" = "111111" })"}})
               .auth;
  EXPECT_EQ(a.code_ttl, std::chrono::seconds(1));
  EXPECT_EQ(a.max_attempts, 9);
  EXPECT_EQ(a.test_numbers.at("+15550000002"), "111111");
}

TEST(ConfigAuth, RefusesBadValuesWithFileLineAndKey) {
  EXPECT_THAT(failure("[auth]\ncode_ttl_s = 0\n"), HasSubstr("t.toml:2:14: auth.code_ttl_s"));
  EXPECT_THAT(failure("[auth]\nmax_attempts = \"5\"\n"), HasSubstr("auth.max_attempts"));
  EXPECT_THAT(failure("[auth]\nrefresh_days = 3\n"), HasSubstr("auth.refresh_days"));
  EXPECT_THAT(failure("", {{"SB_AUTH__CODE_TTL_S", "soon"}}), HasSubstr("SB_AUTH__CODE_TTL_S"));
}

TEST(ConfigAuth, RefusesMalformedTestNumbers) {
  auto phone = failure("[auth]\ntest_numbers = { \"15550000001\" = \"123456\" }\n");
  EXPECT_THAT(phone, HasSubstr("auth.test_numbers.15550000001"));
  EXPECT_THAT(phone, HasSubstr("E.164"));
  EXPECT_THAT(phone, HasSubstr("t.toml:2"));
  EXPECT_THAT(failure("[auth]\ntest_numbers = { \"+15550000001\" = \"12345\" }\n"),
              HasSubstr("6-digit"));
  EXPECT_THAT(failure("[auth]\ntest_numbers = { \"+15550000001\" = 123456 }\n"),
              HasSubstr("quoted string"));
  EXPECT_THAT(failure("[auth]\ntest_numbers = { \"+05550000001\" = \"123456\" }\n"),
              HasSubstr("auth.test_numbers.+05550000001"));
  EXPECT_THAT(failure("", {{"SB_AUTH__TEST_NUMBERS", R"({ "+1555" = "123456" })"}}),
              HasSubstr("SB_AUTH__TEST_NUMBERS"));
}

TEST(ConfigAuth, TheShippedFileHasAnAuthSection) {
  EnvOverrides env;
  auto cfg = load_config(SB_SOURCE_DIR "/config/switchboard.toml", env);
  EXPECT_EQ(cfg.auth.code_ttl, std::chrono::seconds(300));
}

}  // namespace
}  // namespace sb::kernel
