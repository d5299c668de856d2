// SPDX-License-Identifier: Apache-2.0
// push-apns against a local HTTP/2 TLS stand-in (node's http2) that verifies the ES256
// provider token with the .p8 key's public half and the apns-* headers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon.hpp"
#include "node_stub.hpp"
#include "plugin_harness.hpp"
#include "push_test_support.hpp"

namespace sb::test {
namespace {

using ::testing::HasSubstr;
using Outcome = PushResult::Outcome;

constexpr const char* kKeyId = "ABCDE12345";
constexpr const char* kTeamId = "TEAM123456";
constexpr const char* kTopic = "org.example.chat";

class Apns : public ::testing::Test {
 protected:
  Apns()
      : p8(make_p256_key(dir.path(), "AuthKey.p8")),
        tls(make_tls_cert(dir.path())),
        stub(stub_script("apns_stub.js"),
             {tls.first, tls.second, public_key_of(p8, dir.path() + "/p8-pub.pem"), kKeyId, kTeamId,
              kTopic}) {}

  std::string table(const std::string& extra = "") {
    return "[plugin.apns]\nuse = \"push-apns\"\nkey_file = \"" + p8 + "\"\nkey_id = \"" + kKeyId +
           "\"\nteam_id = \"" + kTeamId + "\"\ntopic = \"" + kTopic +
           "\"\nhost = \"127.0.0.1:" + std::to_string(stub.port()) + "\"\nca_file = \"" +
           tls.first + "\"\n" + extra;
  }

  TempDir dir;
  std::string p8;
  std::pair<std::string, std::string> tls;
  NodeStub stub;
};

TEST_F(Apns, SendsOverHttp2WithAVerifiedProviderToken) {
  PluginHarness h(table(), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("apns");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind(), "apns");
  auto r = send_and_wait(*p, subscription("apns", "00aa11bb"), notice());
  EXPECT_EQ(r.outcome, Outcome::sent) << r.reason << "\n" << stub.err();
  auto recs = stub.wait_records(1);
  ASSERT_EQ(recs.size(), 1u) << stub.err();
  EXPECT_TRUE(recs[0].at("ok").as_bool()) << boost::json::serialize(recs[0]);
  EXPECT_EQ(recs[0].at("alpn"), "h2");
  EXPECT_EQ(recs[0].at("token"), "00aa11bb");
  EXPECT_EQ(recs[0].at("priority"), "10");
  EXPECT_EQ(recs[0].at("collapse_id"), "c_alice_bob");
  auto& aps = recs[0].at("payload").at("aps").as_object();
  EXPECT_EQ(aps.at("alert").at("title"), "Switchboard");
  EXPECT_EQ(aps.at("alert").at("body"), "New message");
  EXPECT_EQ(aps.at("badge"), 3);
  EXPECT_EQ(aps.at("thread-id"), "c_alice_bob");
}

TEST_F(Apns, NotUrgentIsPriorityFiveAndLongCollapseKeysFit) {
  PluginHarness h(table("alert_body = \"You have mail\"\n"), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("apns");
  auto n = notice(false);
  n.collapse_key = std::string(100, 'k');
  EXPECT_EQ(send_and_wait(*p, subscription("apns", "00aa"), n).outcome, Outcome::sent);
  auto recs = stub.wait_records(1);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_TRUE(recs[0].at("ok").as_bool()) << boost::json::serialize(recs[0]);
  EXPECT_EQ(recs[0].at("priority"), "5");
  EXPECT_EQ(recs[0].at("collapse_id").as_string().size(), 64u);
  EXPECT_EQ(recs[0].at("payload").at("aps").at("alert").at("body"), "You have mail");
}

TEST_F(Apns, MapsApnsAnswers) {
  PluginHarness h(table(), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("apns");
  auto gone = send_and_wait(*p, subscription("apns", "0410"), notice());
  EXPECT_EQ(gone.outcome, Outcome::gone);
  EXPECT_EQ(gone.status, 410);
  EXPECT_EQ(send_and_wait(*p, subscription("apns", "0bad"), notice()).outcome, Outcome::gone);
  EXPECT_EQ(send_and_wait(*p, subscription("apns", "0429"), notice()).outcome, Outcome::retry);
  auto big = send_and_wait(*p, subscription("apns", "0413"), notice());
  EXPECT_EQ(big.outcome, Outcome::dropped);
  EXPECT_THAT(big.reason, HasSubstr("PayloadTooLarge"));
  auto expired = send_and_wait(*p, subscription("apns", "0403"), notice());
  EXPECT_EQ(expired.outcome, Outcome::retry);
  // The rejected provider token is signed anew: the retry carries another JWT and passes.
  EXPECT_EQ(send_and_wait(*p, subscription("apns", "0403"), notice()).outcome, Outcome::sent);
  for (auto& rec : stub.wait_records(6))
    EXPECT_TRUE(rec.at("ok").as_bool()) << boost::json::serialize(rec);
}

TEST_F(Apns, ChecksTheDeviceToken) {
  PluginHarness h(table(), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("apns");
  EXPECT_EQ(p->check(subscription("apns", std::string(64, 'a'))), std::nullopt);
  EXPECT_THAT(p->check(subscription("apns", "xyz")).value_or(""), HasSubstr("hexadecimal"));
  EXPECT_THAT(p->check(subscription("apns", "")).value_or(""), HasSubstr("endpoint"));
}

TEST_F(Apns, RefusesAKeyThatIsNotP256) {
  auto rsa = make_rsa_key(dir.path(), "rsa.p8");
  try {
    PluginHarness h(
        "[plugin.apns]\nuse = \"push-apns\"\nkey_file = \"" + rsa +
            "\"\nkey_id = \"ABCDE12345\"\nteam_id = \"TEAM123456\"\ntopic = \"org.x\"\n",
        SB_PLUGIN_DIR, dir.path());
    FAIL() << "started with an RSA key";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("key_file"));
    EXPECT_THAT(e.what(), HasSubstr("P-256"));
  }
}

}  // namespace
}  // namespace sb::test
