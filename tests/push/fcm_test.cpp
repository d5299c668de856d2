// SPDX-License-Identifier: Apache-2.0
// push-fcm against a local FCM stand-in that verifies the RS256 JWT-bearer grant with the
// test key's public half, issues access tokens, and checks each send's bearer and message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "daemon.hpp"
#include "node_stub.hpp"
#include "plugin_harness.hpp"
#include "push_test_support.hpp"

namespace sb::test {
namespace {

using ::testing::HasSubstr;
using Outcome = PushResult::Outcome;

constexpr const char* kEmail = "switchboard@test-project.iam.gserviceaccount.com";
constexpr const char* kProject = "test-project";

std::string json_escape(const std::string& s) {
  return boost::json::serialize(boost::json::value(s));
}

class Fcm : public ::testing::Test {
 protected:
  Fcm()
      : key(make_rsa_key(dir.path(), "sa-key.pem")),
        stub(stub_script("fcm_stub.js"),
             {public_key_of(key, dir.path() + "/sa-pub.pem"), kEmail, kProject}) {}

  // A service-account file as the Firebase console hands it out; `drop` leaves a key out.
  std::string account_file(const std::string& drop = "") {
    std::ifstream in(key);
    std::stringstream pem;
    pem << in.rdbuf();
    boost::json::object o{{"type", "service_account"}, {"project_id", kProject},
                          {"private_key_id", "kid-1"}, {"private_key", pem.str()},
                          {"client_email", kEmail},    {"token_uri", stub.url("/token")}};
    if (!drop.empty()) o.erase(drop);
    return dir.write("service-account.json", boost::json::serialize(o));
  }
  std::string table(const std::string& account) {
    return "[plugin.fcm]\nuse = \"push-fcm\"\nservice_account_file = " + json_escape(account) +
           "\nsend_endpoint = " + json_escape(stub.url()) + "\n";
  }
  std::size_t count(const std::string& kind) {
    std::size_t n = 0;
    for (auto& r : stub.records()) n += r.at("kind").as_string() == kind;
    return n;
  }

  TempDir dir;
  std::string key;
  NodeStub stub;
};

TEST_F(Fcm, GrantsOnceThenSendsWithTheCachedToken) {
  PluginHarness h(table(account_file()), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("fcm");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind(), "fcm");
  auto r1 = send_and_wait(*p, subscription("fcm", "device-token-1"), notice());
  EXPECT_EQ(r1.outcome, Outcome::sent) << r1.reason << "\n" << stub.err();
  auto r2 = send_and_wait(*p, subscription("fcm", "device-token-2"), notice(false));
  EXPECT_EQ(r2.outcome, Outcome::sent) << r2.reason;
  auto recs = stub.wait_records(3);
  ASSERT_EQ(recs.size(), 3u) << stub.err();
  EXPECT_EQ(recs[0].at("kind"), "grant");
  EXPECT_TRUE(recs[0].at("ok").as_bool()) << boost::json::serialize(recs[0]);
  for (int i : {1, 2}) {
    EXPECT_EQ(recs[i].at("kind"), "send");
    EXPECT_TRUE(recs[i].at("ok").as_bool()) << boost::json::serialize(recs[i]);
    EXPECT_EQ(recs[i].at("bearer"), "ya29.stub-1");
  }
  auto& m = recs[1].at("message").as_object();
  EXPECT_EQ(m.at("token"), "device-token-1");
  EXPECT_EQ(m.at("android").at("priority"), "HIGH");
  EXPECT_EQ(m.at("android").at("collapse_key"), "c_alice_bob");
  EXPECT_EQ(m.at("android").at("ttl"), "3600s");
  EXPECT_EQ(m.at("data").at("chat"), "c_alice_bob");
  EXPECT_EQ(m.at("data").at("count"), "3");
  EXPECT_FALSE(m.at("data").as_object().contains("sender_name"));
  EXPECT_EQ(recs[2].at("message").at("android").at("priority"), "NORMAL");
}

TEST_F(Fcm, ConcurrentSendsShareOneGrant) {
  PluginHarness h(table(account_file()), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("fcm");
  std::vector<std::thread> threads;
  std::atomic<int> sent{0};
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      auto r = send_and_wait(*p, subscription("fcm", "t" + std::to_string(i)), notice());
      sent += r.outcome == Outcome::sent;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(sent, 6);
  stub.wait_records(7);
  EXPECT_EQ(count("grant"), 1u);
  EXPECT_EQ(count("send"), 6u);
}

TEST_F(Fcm, MapsFcmErrors) {
  PluginHarness h(table(account_file()), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("fcm");
  auto gone = send_and_wait(*p, subscription("fcm", "unregistered"), notice());
  EXPECT_EQ(gone.outcome, Outcome::gone);
  EXPECT_THAT(gone.reason, HasSubstr("UNREGISTERED"));
  auto busy = send_and_wait(*p, subscription("fcm", "busy"), notice());
  EXPECT_EQ(busy.outcome, Outcome::retry);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.retry_after_ms, 3000);
  auto invalid = send_and_wait(*p, subscription("fcm", "invalid"), notice());
  EXPECT_EQ(invalid.outcome, Outcome::dropped);
  EXPECT_THAT(invalid.reason, HasSubstr("INVALID_ARGUMENT"));
}

TEST_F(Fcm, A401ForgetsTheTokenSoTheRetryGrantsAgain) {
  PluginHarness h(table(account_file()), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("fcm");
  auto first = send_and_wait(*p, subscription("fcm", "reauth"), notice());
  EXPECT_EQ(first.outcome, Outcome::retry);
  EXPECT_EQ(first.status, 401);
  auto again = send_and_wait(*p, subscription("fcm", "reauth"), notice());
  EXPECT_EQ(again.outcome, Outcome::sent) << again.reason;
  EXPECT_EQ(count("grant"), 2u);
  EXPECT_EQ(stub.records().back().at("bearer"), "ya29.stub-2");
}

TEST_F(Fcm, ChecksTheRegistrationToken) {
  PluginHarness h(table(account_file()), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("fcm");
  EXPECT_EQ(p->check(subscription("fcm", "dGVzdA:APA91b-x_y")), std::nullopt);
  EXPECT_THAT(p->check(subscription("fcm", "")).value_or(""), HasSubstr("endpoint"));
  EXPECT_THAT(p->check(subscription("fcm", "has space")).value_or(""), HasSubstr("endpoint"));
}

TEST_F(Fcm, RefusesABrokenServiceAccountNamingTheKey) {
  try {
    PluginHarness h(table(account_file("private_key")), SB_PLUGIN_DIR, dir.path());
    FAIL() << "started without a private_key";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("private_key: missing"));
  }
  try {
    PluginHarness h(table(dir.path() + "/nope.json"), SB_PLUGIN_DIR, dir.path());
    FAIL() << "started without the file";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("service_account_file"));
  }
}

}  // namespace
}  // namespace sb::test
