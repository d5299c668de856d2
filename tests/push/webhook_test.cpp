// SPDX-License-Identifier: Apache-2.0
// push-webhook against receivers that verify its signature as docs/push.md tells relays to:
// the document, two instances posting to two receivers, and how each answer maps to a result.
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

constexpr const char* kSecretA = "0123456789abcdef-secret-a";
constexpr const char* kSecretB = "0123456789abcdef-secret-b";

std::string webhook_table(const std::string& id, const std::string& url, const char* secret,
                          bool sender_name = false) {
  return "[plugin." + id + "]\nuse = \"push-webhook\"\nurl = \"" + url + "\"\nsecret = \"" +
         secret + "\"\nsender_name = " + (sender_name ? "true" : "false") + "\n";
}

class Webhook : public ::testing::Test {
 protected:
  TempDir dir;
  NodeStub receiver{stub_script("webhook_receiver.js"), {kSecretA}};
};

TEST_F(Webhook, PostsASignedDocumentWithoutContent) {
  PluginHarness h(webhook_table("relay", receiver.url("/push"), kSecretA, true), SB_PLUGIN_DIR,
                  dir.path());
  auto p = h.get<PushProvider>("relay");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind(), "webhook");
  EXPECT_TRUE(p->wants_sender_name());
  auto r = send_and_wait(*p, subscription("relay", "relay-token-1"), notice());
  EXPECT_EQ(r.outcome, Outcome::sent) << r.reason;
  EXPECT_EQ(r.status, 204);
  auto recs = receiver.wait_records(1);
  ASSERT_EQ(recs.size(), 1u) << receiver.err();
  EXPECT_TRUE(recs[0].at("ok").as_bool()) << boost::json::serialize(recs[0]);
  EXPECT_EQ(recs[0].at("path"), "/push");
  auto& doc = recs[0].at("doc").as_object();
  EXPECT_EQ(doc.at("v"), 1);
  EXPECT_EQ(doc.at("kind"), "message");
  EXPECT_EQ(doc.at("chat"), "c_alice_bob");
  EXPECT_EQ(doc.at("count"), 3);
  EXPECT_EQ(doc.at("ts"), 1764750000000);
  EXPECT_EQ(doc.at("user"), "u_bob");
  EXPECT_EQ(doc.at("device"), "d_phone");
  EXPECT_EQ(doc.at("token"), "relay-token-1");
  EXPECT_EQ(doc.at("sender_name"), "Alice");
}

TEST_F(Webhook, LeavesTheSenderNameOutUnlessConfigured) {
  PluginHarness h(webhook_table("relay", receiver.url(), kSecretA), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("relay");
  EXPECT_FALSE(p->wants_sender_name());
  EXPECT_EQ(send_and_wait(*p, subscription("relay", "t"), notice()).outcome, Outcome::sent);
  auto recs = receiver.wait_records(1);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_FALSE(recs[0].at("doc").as_object().contains("sender_name"));
}

TEST_F(Webhook, AWrongSecretFailsTheReceiversCheck) {
  // The receiver knows secret A; the instance signs with B: the signature must not verify.
  PluginHarness h(webhook_table("relay", receiver.url(), kSecretB), SB_PLUGIN_DIR, dir.path());
  send_and_wait(*h.get<PushProvider>("relay"), subscription("relay", "t"), notice());
  auto recs = receiver.wait_records(1);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_FALSE(recs[0].at("ok").as_bool());
  EXPECT_THAT(boost::json::serialize(recs[0].at("problems")), HasSubstr("signature"));
}

TEST_F(Webhook, TwoInstancesPostToTheirOwnReceivers) {
  NodeStub other(stub_script("webhook_receiver.js"), {kSecretB});
  PluginHarness h(webhook_table("relay-a", receiver.url("/a"), kSecretA) +
                      webhook_table("relay-b", other.url("/b"), kSecretB),
                  SB_PLUGIN_DIR, dir.path());
  auto a = h.get<PushProvider>("relay-a");
  auto b = h.get<PushProvider>("relay-b");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(send_and_wait(*a, subscription("relay-a", "token-a"), notice()).outcome, Outcome::sent);
  EXPECT_EQ(send_and_wait(*b, subscription("relay-b", "token-b"), notice()).outcome, Outcome::sent);
  auto ra = receiver.wait_records(1), rb = other.wait_records(1);
  ASSERT_EQ(ra.size(), 1u);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_TRUE(ra[0].at("ok").as_bool());
  EXPECT_TRUE(rb[0].at("ok").as_bool());
  EXPECT_EQ(ra[0].at("doc").at("token"), "token-a");
  EXPECT_EQ(rb[0].at("doc").at("token"), "token-b");
  EXPECT_EQ(ra[0].at("path"), "/a");
  EXPECT_EQ(rb[0].at("path"), "/b");
}

TEST_F(Webhook, MapsTheReceiversAnswers) {
  PluginHarness h(webhook_table("relay", receiver.url(), kSecretA), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("relay");
  auto gone = send_and_wait(*p, subscription("relay", "gone"), notice());
  EXPECT_EQ(gone.outcome, Outcome::gone);
  EXPECT_EQ(gone.status, 410);
  auto busy = send_and_wait(*p, subscription("relay", "busy"), notice());
  EXPECT_EQ(busy.outcome, Outcome::retry);
  EXPECT_EQ(busy.retry_after_ms, 7000);
  auto bad = send_and_wait(*p, subscription("relay", "bad"), notice());
  EXPECT_EQ(bad.outcome, Outcome::dropped);
  EXPECT_THAT(bad.reason, HasSubstr("400"));
  auto moved = send_and_wait(*p, subscription("relay", "moved"), notice());
  EXPECT_EQ(moved.outcome, Outcome::dropped);
  EXPECT_EQ(moved.status, 302);
  // The redirect was not followed: the receiver saw exactly the four POSTs.
  EXPECT_EQ(receiver.wait_records(5, std::chrono::milliseconds(500)).size(), 4u);
}

TEST_F(Webhook, AnUnreachableRelayIsRetried) {
  int dead_port = 0;
  {
    // A port that was just free: nothing listens there once this stub is gone.
    NodeStub gone(stub_script("webhook_receiver.js"), {kSecretA});
    dead_port = gone.port();
  }
  PluginHarness h(
      webhook_table("relay", "http://127.0.0.1:" + std::to_string(dead_port) + "/", kSecretA),
      SB_PLUGIN_DIR, dir.path());
  auto r = send_and_wait(*h.get<PushProvider>("relay"), subscription("relay", "t"), notice());
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.status, 0);
}

TEST_F(Webhook, ARelayThatKeepsFailingDegradesHealthUntilASuccess) {
  PluginHarness h(webhook_table("relay", receiver.url(), kSecretA), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("relay");
  auto state = [&] { return h.describe().at(0).at("health").at("state").as_string(); };
  for (int i = 0; i < 4; ++i) send_and_wait(*p, subscription("relay", "busy"), notice());
  EXPECT_EQ(state(), "ok");  // a few failures are ordinary
  send_and_wait(*p, subscription("relay", "busy"), notice());
  EXPECT_EQ(state(), "degraded");
  EXPECT_THAT(std::string(h.describe().at(0).at("health").at("reason").as_string()),
              HasSubstr("503"));
  send_and_wait(*p, subscription("relay", "fine"), notice());
  EXPECT_EQ(state(), "ok");
}

TEST_F(Webhook, ChecksTheToken) {
  PluginHarness h(webhook_table("relay", receiver.url(), kSecretA), SB_PLUGIN_DIR, dir.path());
  auto p = h.get<PushProvider>("relay");
  EXPECT_EQ(p->check(subscription("relay", "ok")), std::nullopt);
  EXPECT_THAT(p->check(subscription("relay", "")).value_or(""), HasSubstr("endpoint"));
  EXPECT_THAT(p->check(subscription("relay", std::string(4097, 'x'))).value_or(""),
              HasSubstr("at most 4096"));
  EXPECT_EQ(p->check(subscription("relay", std::string(4096, 'x'))), std::nullopt);
}

TEST_F(Webhook, RefusesABadConfigNamingTheKey) {
  try {
    PluginHarness h(webhook_table("relay", "ftp://example.org/", kSecretA), SB_PLUGIN_DIR,
                    dir.path());
    FAIL() << "started with an ftp:// url";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("url"));
  }
  try {
    PluginHarness h(webhook_table("relay", receiver.url(), "short"), SB_PLUGIN_DIR, dir.path());
    FAIL() << "started with a 5-byte secret";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("secret"));
  }
}

}  // namespace
}  // namespace sb::test
