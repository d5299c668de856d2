// SPDX-License-Identifier: Apache-2.0
// sms-http against a local gateway stand-in: the form/basic-auth and JSON/bearer shapes, the
// code kept out of errors, and through the real daemon: a person logs in with the code the
// gateway received, and a failing gateway makes request-code answer 503 unavailable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <switchboard/services/sms.hpp>

#include "daemon.hpp"
#include "node_stub.hpp"
#include "plugin_harness.hpp"
#include "push_test_support.hpp"

namespace sb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kPhone = "+15557770001";

std::string form_table(const std::string& url, const std::string& extra = "") {
  return "[plugin.sms]\nuse = \"sms-http\"\nurl = \"" + url +
         "\"\nuser = \"AC123\"\npassword = \"pw-secret\"\nfrom = \"+15550009999\"\n"
         "retry_backoff_ms = 10\n" +
         extra;
}

TEST(SmsHttp, FormPostWithBasicAuth) {
  TempDir dir;
  NodeStub gw(stub_script("sms_gateway.js"), {"form", "AC123", "pw-secret"});
  PluginHarness h(form_table(gw.url("/Accounts/AC123/Messages.json"),
                             "[plugin.sms.fields]\nMessagingServiceSid = \"MG1\"\n"),
                  SB_PLUGIN_DIR, dir.path());
  auto sms = h.get<SmsProvider>("sms");
  ASSERT_TRUE(sms);
  sms->send_code(kPhone, "042917");
  auto recs = gw.wait_records(1);
  ASSERT_EQ(recs.size(), 1u) << gw.err();
  EXPECT_TRUE(recs[0].at("ok").as_bool()) << boost::json::serialize(recs[0]);
  EXPECT_EQ(recs[0].at("path"), "/Accounts/AC123/Messages.json");
  auto& f = recs[0].at("fields").as_object();
  EXPECT_EQ(f.at("To"), kPhone);
  EXPECT_EQ(f.at("From"), "+15550009999");
  EXPECT_EQ(f.at("Body"), "Your Switchboard code is 042917");
  EXPECT_EQ(f.at("MessagingServiceSid"), "MG1");
}

TEST(SmsHttp, JsonPostWithBearerAndOwnFieldNames) {
  TempDir dir;
  NodeStub gw(stub_script("sms_gateway.js"), {"json", "tok-123"});
  PluginHarness h("[plugin.sms]\nuse = \"sms-http\"\nformat = \"json\"\nurl = \"" +
                      gw.url("/send") +
                      "\"\ntoken = \"tok-123\"\nto_field = \"recipient\"\ntext_field = "
                      "\"message\"\ntemplate = \"{code} is your code\"\n",
                  SB_PLUGIN_DIR, dir.path());
  h.get<SmsProvider>("sms")->send_code(kPhone, "123456");
  auto recs = gw.wait_records(1);
  ASSERT_EQ(recs.size(), 1u) << gw.err();
  EXPECT_TRUE(recs[0].at("ok").as_bool()) << boost::json::serialize(recs[0]);
  auto& f = recs[0].at("fields").as_object();
  EXPECT_EQ(f.at("recipient"), kPhone);
  EXPECT_EQ(f.at("message"), "123456 is your code");
  EXPECT_FALSE(f.contains("from"));  // no `from` configured: not sent
}

TEST(SmsHttp, RetriesServerErrorsThenThrowsWithoutTheCode) {
  TempDir dir;
  NodeStub gw(stub_script("sms_gateway.js"), {"form", "AC123", "pw-secret", "503"});
  PluginHarness h(form_table(gw.url("/"), "retries = 2\n"), SB_PLUGIN_DIR, dir.path());
  try {
    h.get<SmsProvider>("sms")->send_code(kPhone, "918273");
    FAIL() << "a gateway answering 503 was taken as success";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("503"));
    EXPECT_THAT(e.what(), Not(HasSubstr("918273")));  // the gateway echoed it; masked
  }
  EXPECT_EQ(gw.wait_records(3).size(), 3u);  // one try and two retries
}

TEST(SmsHttp, DoesNotRetryARefusal) {
  TempDir dir;
  NodeStub gw(stub_script("sms_gateway.js"), {"form", "AC123", "pw-secret", "400"});
  PluginHarness h(form_table(gw.url("/"), "retries = 2\n"), SB_PLUGIN_DIR, dir.path());
  EXPECT_THROW(h.get<SmsProvider>("sms")->send_code(kPhone, "111222"), std::runtime_error);
  EXPECT_EQ(gw.wait_records(2, std::chrono::milliseconds(500)).size(), 1u);
}

TEST(SmsHttp, RefusesATemplateWithoutTheCode) {
  TempDir dir;
  try {
    PluginHarness h(form_table("http://127.0.0.1:9/", "template = \"hello\"\n"), SB_PLUGIN_DIR,
                    dir.path());
    FAIL() << "started with a template without {code}";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("template"));
  }
}

// Through the real daemon: store-sqlite and sms-http in front of the stand-in gateway.
class SmsHttpDaemon : public ::testing::Test {
 protected:
  int start(NodeStub& gw) {
    std::string config = "[plugins]\ndirs = [\"" SB_PLUGIN_DIR
                         "\"]\n"
                         "[plugin.store]\nuse = \"store-sqlite\"\n" +
                         form_table(gw.url("/"), "retries = 1\n");
    daemon.spawn(
        {"run", "--config", dir.write("sb.toml", config)},
        {{"SB_SERVER__LISTEN", "127.0.0.1:0"}, {"SB_SERVER__DATA_DIR", dir.path() + "/data"}});
    int port = daemon.wait_listening();
    EXPECT_GT(port, 0) << daemon.err();
    return port;
  }
  TempDir dir;
  Daemon daemon;
};

TEST_F(SmsHttpDaemon, APersonLogsInWithTheCodeTheGatewayReceived) {
  NodeStub gw(stub_script("sms_gateway.js"), {"form", "AC123", "pw-secret"});
  int port = start(gw);
  auto r = http_post(port, "/v1/auth/request-code", R"({"phone":"+15557770001"})");
  ASSERT_EQ(r.status, 202) << r.body;
  auto recs = gw.wait_records(1);
  ASSERT_EQ(recs.size(), 1u);
  std::string body(recs[0].at("fields").at("Body").as_string());
  std::string code = body.substr(body.size() - 6);
  auto v = http_post(port, "/v1/auth/verify",
                     R"({"phone":"+15557770001","code":")" + code + R"(","device_name":"t"})");
  EXPECT_EQ(v.status, 200) << v.body;
  EXPECT_THAT(daemon.err(), Not(HasSubstr(code)));
}

TEST_F(SmsHttpDaemon, AFailingGatewayAnswersUnavailable) {
  NodeStub gw(stub_script("sms_gateway.js"), {"form", "AC123", "pw-secret", "500"});
  int port = start(gw);
  auto r = http_post(port, "/v1/auth/request-code", R"({"phone":"+15557770001"})");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_THAT(r.body, HasSubstr("\"unavailable\""));
  EXPECT_EQ(gw.wait_records(2).size(), 2u);  // one try, one retry
  // The code the server made is gone with the failure: nothing can verify against it.
  auto v = http_post(port, "/v1/auth/verify",
                     R"({"phone":"+15557770001","code":"000000","device_name":"t"})");
  EXPECT_EQ(v.status, 401) << v.body;
}

}  // namespace
}  // namespace sb::test
