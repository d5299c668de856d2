// SPDX-License-Identifier: Apache-2.0
// Phone login through the real daemon with store-sqlite and sms-file (or sms-console): codes
// read back from what the SMS plugin wrote, attempts, expiry, test numbers, rate limits,
// refresh rotation, bad requests, and a second device for the same user.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <boost/json.hpp>
// sb_integration_tests does not link Boost::json (tests/integration/CMakeLists.txt); the
// header-only build of it, in this one file, keeps the test self-contained.

#include "daemon.hpp"

namespace sb::test {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

constexpr const char* kPhone = "+15551230001";

class AuthTest : public ::testing::Test {
 protected:
  // Starts the daemon with store-sqlite and the given SMS plugin; `extra` is appended to the
  // config file.
  int start(const std::string& sms = "sms-file", const std::string& extra = "",
            std::map<std::string, std::string> env = {}) {
    std::string config = "[plugins]\ndirs = [\"" SB_TEST_PLUGIN_DIR
                         "/../plugins\"]\n"
                         "[plugin.store]\nuse = \"store-sqlite\"\n"
                         "[plugin.sms]\nuse = \"" +
                         sms + "\"\n" +
                         (sms == "sms-file" ? "path = \"" + sms_path() + "\"\n" : "") + extra;
    env["SB_SERVER__LISTEN"] = "127.0.0.1:0";
    env["SB_SERVER__DATA_DIR"] = dir.path() + "/data";
    daemon.spawn({"run", "--config", dir.write("sb.toml", config)}, env);
    int port = daemon.wait_listening();
    EXPECT_GT(port, 0) << daemon.err();
    return port;
  }
  std::string sms_path() const { return dir.path() + "/sms.jsonl"; }
  std::vector<json::object> sms_lines() const {
    std::vector<json::object> out;
    std::ifstream in(sms_path());
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).as_object());
    return out;
  }
  // The last code sms-file wrote for `phone`; empty when none within 5 s.
  std::string code_for(const std::string& phone, std::size_t nth = 1) {
    for (int i = 0; i < 100; ++i) {
      std::size_t seen = 0;
      std::string code;
      for (auto& l : sms_lines())
        if (l.at("phone").as_string() == phone) ++seen, code = l.at("code").as_string();
      if (seen >= nth) return code;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return {};
  }
  HttpResult post(const std::string& path, const json::object& body) {
    return http_post(port, path, json::serialize(body));
  }
  HttpResult request_code(const std::string& phone = kPhone) {
    return post("/v1/auth/request-code", {{"phone", phone}});
  }
  HttpResult verify(const std::string& code, const std::string& phone = kPhone) {
    return post("/v1/auth/verify", {{"phone", phone}, {"code", code}, {"device_name", "test"}});
  }
  static json::object body(const HttpResult& r) { return json::parse(r.body).as_object(); }
  static std::string error_code(const HttpResult& r) {
    return std::string(body(r).at("error").at("code").as_string());
  }
  json::object login(std::size_t nth) {
    EXPECT_EQ(request_code().status, 202);
    auto r = verify(code_for(kPhone, nth));
    EXPECT_EQ(r.status, 200) << r.body;
    return body(r);
  }

  TempDir dir;
  Daemon daemon;
  int port = 0;
};

TEST_F(AuthTest, RequestCodeVerifyAndRefresh) {
  port = start();
  auto r = request_code();
  EXPECT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.body, R"({"expires_in":300})");
  auto lines = sms_lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("phone").as_string(), kPhone);
  EXPECT_GT(lines[0].at("ts").as_int64(), 0);
  auto v = verify(code_for(kPhone));
  ASSERT_EQ(v.status, 200) << v.body;
  auto pair = body(v);
  EXPECT_TRUE(pair.at("user_id").as_string().starts_with("u_"));
  EXPECT_TRUE(pair.at("device_id").as_string().starts_with("d_"));
  EXPECT_EQ(std::count(pair.at("access_token").as_string().begin(),
                       pair.at("access_token").as_string().end(), '.'),
            2);
  EXPECT_EQ(pair.at("expires_in").as_int64(), 900);

  std::string old_refresh(pair.at("refresh_token").as_string());
  auto f = post("/v1/auth/refresh", {{"refresh_token", old_refresh}});
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(body(f).at("device_id"), pair.at("device_id"));
  EXPECT_NE(body(f).at("refresh_token"), pair.at("refresh_token"));
  auto again = post("/v1/auth/refresh", {{"refresh_token", old_refresh}});
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(error_code(again), "unauthorized");
  EXPECT_EQ(post("/v1/auth/refresh", {{"refresh_token", body(f).at("refresh_token")}}).status, 401)
      << "a reused refresh token logs the device out: its newest token dies too";
}

TEST_F(AuthTest, TheBanCommandBansThroughTheRunningServerAndUnbanLiftsIt) {
  port = start();
  auto user = login(1);
  std::map<std::string, std::string> env{{"SB_SERVER__LISTEN", "127.0.0.1:" + std::to_string(port)},
                                         {"SB_SERVER__DATA_DIR", dir.path() + "/data"}};
  auto config = dir.path() + "/sb.toml";
  auto ban = run_switchboard({"ban", kPhone, "--config", config}, env);
  ASSERT_EQ(ban.code, 0) << ban.err;
  EXPECT_THAT(ban.out, HasSubstr("banned +1555"));
  EXPECT_EQ(request_code().status, 202);
  auto refused = verify(code_for(kPhone, 2));
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto refresh = post("/v1/auth/refresh", {{"refresh_token", user.at("refresh_token")}});
  EXPECT_NE(refresh.status, 200);

  auto unban = run_switchboard(
      {"unban", std::string(user.at("user_id").as_string()), "--config", config}, env);
  ASSERT_EQ(unban.code, 0) << unban.err;
  login(3);

  auto nobody = run_switchboard({"ban", "u_nobody", "--config", config}, env);
  EXPECT_EQ(nobody.code, 1);
  EXPECT_THAT(nobody.err, HasSubstr("not_found"));
  // The admin endpoint refuses anyone without the token.
  EXPECT_EQ(http_post(port, "/v1/admin/ban", R"({"user":"x"})").status, 403);
}

TEST_F(AuthTest, SecondVerifyMakesASecondDeviceForTheSameUser) {
  port = start();
  auto a = login(1), b = login(2);
  EXPECT_EQ(a.at("user_id"), b.at("user_id"));
  EXPECT_NE(a.at("device_id"), b.at("device_id"));
}

TEST_F(AuthTest, FiveWrongCodesThenRefusedEvenWithTheRightOne) {
  port = start();
  ASSERT_EQ(request_code().status, 202);
  std::string right = code_for(kPhone);
  std::string wrong = right == "000000" ? "111111" : "000000";
  for (int left = 4; left >= 0; --left) {
    auto r = verify(wrong);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(error_code(r), "unauthorized");
    EXPECT_EQ(body(r).at("error").at("attempts_left").as_int64(), left);
  }
  auto r = verify(right);
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.body, HasSubstr("request a new code"));
}

TEST_F(AuthTest, ExpiredCode) {
  port = start("sms-file", "", {{"SB_AUTH__CODE_TTL_S", "1"}});
  auto r = request_code();
  ASSERT_EQ(r.status, 202);
  EXPECT_EQ(r.body, R"({"expires_in":1})");
  std::string code = code_for(kPhone);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto v = verify(code);
  EXPECT_EQ(v.status, 401);
  EXPECT_THAT(v.body, HasSubstr("expired"));
}

TEST_F(AuthTest, TestNumberHasAFixedCodeAndSendsNoSms) {
  port = start("sms-file", "[auth]\ntest_numbers = { \"+15550000001\" = \"123456\" }\n");
  EXPECT_EQ(request_code("+15550000001").status, 202);
  auto v = verify("123456", "+15550000001");
  EXPECT_EQ(v.status, 200) << v.body;
  EXPECT_TRUE(sms_lines().empty());
}

TEST_F(AuthTest, RateLimitPerPhoneAnswers429WithRetryAfter) {
  port = start("sms-file", "", {{"SB_AUTH__REQUESTS_PER_PHONE_PER_HOUR", "2"}});
  EXPECT_EQ(request_code().status, 202);
  EXPECT_EQ(request_code().status, 202);
  auto r = request_code();
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(error_code(r), "rate_limited");
  ASSERT_TRUE(r.headers.contains("Retry-After")) << r.body;
  EXPECT_GT(std::stoi(r.headers.at("Retry-After")), 0);
  EXPECT_EQ(request_code("+15551230002").status, 202);  // another phone is not limited
}

TEST_F(AuthTest, BadRequestsNameTheField) {
  port = start();
  auto bad_json = http_post(port, "/v1/auth/request-code", "{not json");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(error_code(bad_json), "bad_request");
  EXPECT_THAT(bad_json.body, HasSubstr("body"));
  auto missing = post("/v1/auth/verify", {{"phone", kPhone}, {"code", "123456"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_THAT(missing.body, HasSubstr("device_name"));
  auto wrong_type = post("/v1/auth/request-code", {{"phone", 15551230001}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_THAT(wrong_type.body, HasSubstr("phone"));
  auto bad_phone = request_code("555-1234");
  EXPECT_EQ(bad_phone.status, 400);
  EXPECT_THAT(bad_phone.body, HasSubstr("phone"));
  auto big = http_post(port, "/v1/auth/refresh", std::string(8000, ' '));
  EXPECT_EQ(big.status, 400);
  EXPECT_EQ(error_code(big), "bad_request");
}

TEST_F(AuthTest, SmsConsolePrintsTheCodeOnStdout) {
  port = start("sms-console");
  ASSERT_EQ(request_code().status, 202);
  std::string out;
  for (int i = 0; i < 100 && out.find("OTP ") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    out = daemon.out();
  }
  std::smatch m;
  std::regex re(std::string("(^|\\n)OTP \\") + kPhone + " (\\d{6})\\n");
  ASSERT_TRUE(std::regex_search(out, m, re)) << out;
  EXPECT_EQ(verify(m[2]).status, 200);
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(), 0) << daemon.err();
}

}  // namespace
}  // namespace sb::test
