// SPDX-License-Identifier: Apache-2.0
// push-webpush in a real server (in-process, plugins loaded by the kernel), sending through
// the kernel's HTTP client over TLS on loopback to the Node push-service stub, which checks
// VAPID and decrypts each push independently. What the service answers decides the outcome.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <future>
#include <thread>

#include "chat_harness.hpp"
#include "daemon.hpp"
#include "kernel/host/plugin_host.hpp"
#include "kernel/host/server.hpp"
#include "kernel/host/service_registry.hpp"
#include "notice_payload.hpp"
#include "stub_service.hpp"

namespace webpush::test {
namespace {

using namespace std::chrono_literals;
using Outcome = sb::PushResult::Outcome;

constexpr char kSubject[] = "mailto:push-test@example.com";

class WebPushDelivery : public sb::core::test::ChatTest {
 protected:
  void SetUp() override {
    stub = std::make_unique<StubService>();
    ChatTest::SetUp();
  }
  void TearDown() override {
    ChatTest::TearDown();
    stub.reset();
  }
  // Three instances: the one the tests mostly use (loopback allowed, as tests must), one
  // that keeps the default refusal of private endpoints, one that adds the sender's name.
  std::string extra_config() const override {
    std::string common = "subject = \"" + std::string(kSubject) + "\"\nca_file = \"" +
                         stub->cert_file() + "\"\ntimeout_ms = 5000\n";
    return "push_interval_ms = 1000\n[plugin.webpush]\nuse = \"push-webpush\"\n" + common +
           "allow_private_endpoints = true\ndegraded_after = 3\n"
           "\n[plugin.webpush-public]\nuse = \"push-webpush\"\n" +
           common +
           "vapid_path = \"/v1/push/vapid-public\"\n"
           "\n[plugin.webpush-named]\nuse = \"push-webpush\"\n" +
           common + "allow_private_endpoints = true\nsender_name = true\nvapid_path = \"\"\n";
  }

  std::shared_ptr<sb::PushProvider> provider(const std::string& instance = "webpush") {
    auto p = std::static_pointer_cast<sb::PushProvider>(
        server->services().get(sb::PushProvider::service_name, instance));
    EXPECT_TRUE(p) << instance << " provides no push service";
    return p;
  }

  sb::PushResult send(const sb::PushSubscription& s, const sb::PushNotice& n,
                      const std::string& instance = "webpush") {
    auto promise = std::make_shared<std::promise<sb::PushResult>>();
    auto future = promise->get_future();
    provider(instance)->send(s, n, [promise](sb::PushResult r) { promise->set_value(r); });
    if (future.wait_for(20s) != std::future_status::ready) {
      ADD_FAILURE() << "send() never called back";
      return {Outcome::sent, -1, -1, "no callback"};
    }
    return future.get();
  }

  // The health the host reports (as /readyz shows it) for `instance`: {state, reason}.
  sb::json::object health(const std::string& instance) {
    for (auto& p : server->plugins().describe())
      if (p.at("id") == instance.c_str()) return p.at("health").as_object();
    return {};
  }

  static sb::PushNotice notice() {
    sb::PushNotice n;
    n.kind = "message";
    n.chat = "d:u_alice:u_bob";
    n.count = 2;
    n.sender_name = "Alice";
    n.collapse_key = "d:u_alice:u_bob";
    n.urgent = true;
    n.ttl_s = 600;
    n.ts = 1700000000000;
    return n;
  }

  std::unique_ptr<StubService> stub;
};

TEST_F(WebPushDelivery, APushArrivesDecryptedWithTheRightHeaders) {
  auto key = std::string(provider()->public_info().at("vapid_public_key").as_string());
  auto s = stub->subscribe("server_key=" + key);
  EXPECT_EQ(provider()->check(s), std::nullopt);

  auto r = send(s, notice());
  EXPECT_EQ(r.outcome, Outcome::sent) << r.reason;
  EXPECT_EQ(r.status, 201);

  auto got = stub->records_for(StubService::id_of(s));
  ASSERT_EQ(got.size(), 1u);
  auto& rec = got[0].as_object();
  EXPECT_EQ(rec.at("problems"), boost::json::array{}) << boost::json::serialize(rec);
  EXPECT_EQ(rec.at("payload"), (boost::json::object{{"v", 1},
                                                    {"kind", "message"},
                                                    {"chat", "d:u_alice:u_bob"},
                                                    {"count", 2},
                                                    {"ts", 1700000000000}}))
      << "no sender name unless configured, never content";
  auto& h = rec.at("headers").as_object();
  EXPECT_EQ(h.at("ttl"), "600");
  EXPECT_EQ(h.at("urgency"), "high");
  EXPECT_EQ(h.at("topic"), topic_for("d:u_alice:u_bob").c_str());
  EXPECT_EQ(h.at("content-encoding"), "aes128gcm");
  EXPECT_EQ(h.at("content-type"), "application/octet-stream");
  auto& vapid = rec.at("vapid").as_object();
  EXPECT_EQ(vapid.at("signature_valid"), true);
  EXPECT_EQ(vapid.at("k"), key.c_str());
  EXPECT_EQ(vapid.at("claims").at("aud"), stub->origin().c_str());
  EXPECT_EQ(vapid.at("claims").at("sub"), kSubject);

  auto quiet = notice();
  quiet.urgent = false;
  quiet.collapse_key.clear();
  EXPECT_EQ(send(s, quiet).outcome, Outcome::sent);
  got = stub->records_for(StubService::id_of(s), 2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].at("headers").at("urgency"), "normal");
  EXPECT_TRUE(got[1].at("headers").at("topic").is_null()) << "no collapse key, no Topic";
}

TEST_F(WebPushDelivery, SenderNameOnlyWhenTheInstanceAsksForIt) {
  EXPECT_FALSE(provider()->wants_sender_name());
  EXPECT_TRUE(provider("webpush-named")->wants_sender_name());
  auto s = stub->subscribe();
  EXPECT_EQ(send(s, notice(), "webpush-named").outcome, Outcome::sent);
  auto got = stub->records_for(StubService::id_of(s));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("payload").at("sender_name"), "Alice");
}

TEST_F(WebPushDelivery, NotFoundAndGoneMeanTheSubscriptionIsGone) {
  for (int status : {404, 410}) {
    auto s = stub->subscribe("status=" + std::to_string(status));
    auto r = send(s, notice());
    EXPECT_EQ(r.outcome, Outcome::gone) << status;
    EXPECT_EQ(r.status, status);
  }
  auto unknown = stub->subscribe();
  unknown.endpoint = stub->origin() + "/push/never-made";
  EXPECT_EQ(send(unknown, notice()).outcome, Outcome::gone);
  EXPECT_EQ(health("webpush").at("state"), "ok") << "gone is the service working";
}

TEST_F(WebPushDelivery, RateLimitedAndServerErrorsRetryHonouringRetryAfter) {
  auto limited = stub->subscribe("status=429&retry_after=7");
  auto r = send(limited, notice());
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.retry_after_ms, 7000);

  auto down = stub->subscribe("status=503");
  r = send(down, notice());
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.retry_after_ms, -1);

  // An HTTP-date a minute ahead.
  std::time_t at = std::time(nullptr) + 60;
  char date[64];
  std::strftime(date, sizeof date, "%a,%%20%d%%20%b%%20%Y%%20%H:%M:%S%%20GMT", std::gmtime(&at));
  auto dated = stub->subscribe(std::string("status=503&retry_after=") + date);
  r = send(dated, notice());
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_GT(r.retry_after_ms, 50000);
  EXPECT_LE(r.retry_after_ms, 61000);
}

TEST_F(WebPushDelivery, RedirectsAreNotFollowed) {
  for (int status : {301, 302, 307}) {
    auto s = stub->subscribe("status=" + std::to_string(status) + "&redirect=1");
    auto r = send(s, notice());
    EXPECT_EQ(r.outcome, Outcome::dropped) << status;
    EXPECT_EQ(r.status, status);
    EXPECT_NE(r.reason.find("redirect not followed"), std::string::npos) << r.reason;
    EXPECT_EQ(stub->records_for(StubService::id_of(s)).size(), 1u);
  }
  std::this_thread::sleep_for(300ms);  // a followed redirect would have landed by now
  for (auto& rec : stub->records())
    EXPECT_NE(rec.at("kind"), "redirect_target_hit") << boost::json::serialize(rec);
}

TEST_F(WebPushDelivery, BadRequestsAreDroppedWithTheReason) {
  auto s = stub->subscribe("status=400");
  auto r = send(s, notice());
  EXPECT_EQ(r.outcome, Outcome::dropped);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.reason.find("bad request"), std::string::npos) << r.reason;
  auto big = stub->subscribe("status=413");
  r = send(big, notice());
  EXPECT_EQ(r.outcome, Outcome::dropped);
  EXPECT_NE(r.reason.find("payload too large"), std::string::npos) << r.reason;
}

TEST_F(WebPushDelivery, NoAnswerIsRetried) {
  auto s = stub->subscribe();
  s.endpoint = "https://127.0.0.1:1/push/nobody-listens";  // port 1: connection refused
  auto r = send(s, notice());
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.reason.starts_with("no response: ")) << r.reason;
}

TEST_F(WebPushDelivery, PrivateEndpointsAreRefusedUnlessAllowed) {
  auto s = stub->subscribe();
  EXPECT_EQ(provider("webpush-public")->check(s),
            "endpoint: 127.0.0.1 is a loopback address; push endpoints must be public");
  auto as_name = s;
  as_name.endpoint = "https://localhost:" + std::to_string(stub->push_port()) + "/push/x";
  auto e = provider("webpush-public")->check(as_name);
  ASSERT_TRUE(e);
  EXPECT_NE(e->find("is a loopback address; push endpoints must be public"), std::string::npos)
      << *e;
  // Even a subscription stored while the config allowed it never reaches the address: the
  // kernel's client refuses the connection.
  auto r = send(s, notice(), "webpush-public");
  EXPECT_NE(r.outcome, Outcome::sent);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(stub->records_for(StubService::id_of(s), 1, 300ms).size(), 0u);
}

TEST_F(WebPushDelivery, BadSubscriptionsAreRefusedNamingTheField) {
  auto s = stub->subscribe();
  auto bad = s;
  bad.p256dh = "AAAA";
  EXPECT_EQ(provider()->check(bad),
            "p256dh: must be a 65-byte uncompressed P-256 point, got 3 bytes");
  bad = s;
  bad.auth = "c2hvcnQ";
  EXPECT_EQ(provider()->check(bad), "auth: must be exactly 16 bytes, got 5");
  bad = s;
  bad.endpoint = "ftp://127.0.0.1/x";
  EXPECT_EQ(provider()->check(bad), "endpoint: scheme \"ftp\" is not allowed; use https (or http)");
  bad = s;
  bad.endpoint = s.endpoint + "?" + std::string(1000, 'x');
  EXPECT_TRUE(provider()->check(bad)->starts_with("endpoint: ")) << *provider()->check(bad);
  // send() with such a subscription refuses without a request.
  auto r = send(bad, notice());
  EXPECT_EQ(r.outcome, Outcome::dropped);
  EXPECT_EQ(stub->records().size(), 0u);
}

TEST_F(WebPushDelivery, HealthDegradesAfterFailuresAndRecoversOnSuccess) {
  auto s = stub->subscribe("status=503");
  for (int i = 0; i < 2; ++i) EXPECT_EQ(send(s, notice()).outcome, Outcome::retry);
  EXPECT_EQ(health("webpush").at("state"), "ok");
  EXPECT_EQ(send(s, notice()).outcome, Outcome::retry);
  auto h = health("webpush");
  EXPECT_EQ(h.at("state"), "degraded");
  auto reason = std::string(h.at("reason").as_string());
  EXPECT_NE(reason.find("3 pushes in a row failed; last: " + stub->origin()), std::string::npos)
      << reason;
  EXPECT_NE(reason.find("503"), std::string::npos) << reason;
  stub->answer(s, "status=201");
  EXPECT_EQ(send(s, notice()).outcome, Outcome::sent);
  EXPECT_EQ(health("webpush").at("state"), "ok");
}

TEST_F(WebPushDelivery, TheVapidKeyIsPublicPersistedAndStable) {
  auto key = std::string(provider()->public_info().at("vapid_public_key").as_string());
  EXPECT_EQ(key.size(), 87u) << "65 bytes in base64url";
  auto r = sb::test::http_get(server->port(), "/v1/push/vapid");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(boost::json::parse(r.body), (boost::json::object{{"vapid_public_key", key}}));
  EXPECT_EQ(sb::test::http_get(server->port(), "/v1/push/vapid-public").status, 200);

  auto pem = dir / "data" / "vapid.pem";
  struct stat st {};
  ASSERT_EQ(::stat(pem.c_str(), &st), 0) << pem;
  EXPECT_EQ(st.st_mode & 0777, 0600);

  // A restart keeps the key, so browsers' subscriptions stay valid.
  server->drain_and_stop();
  server.reset();
  server = sb::core::test::start_server(sb::core::test::chat_config(dir / "data", extra_config()));
  EXPECT_EQ(provider()->public_info().at("vapid_public_key"), key.c_str());
}

// The end-to-end case, through the whole kernel (core, dispatcher, store-sqlite, the
// plugin, the HTTP client) to the stub: a device subscribes with push.subscribe and goes
// away; 100 messages reach it; the stub gets at least one and at most a few pushes, the
// first within 2 s, none with the text; the device comes back and gets all 100.
TEST_F(WebPushDelivery, AnOfflineDeviceIsWokenByFewPushesWithoutContentAndMissesNothing) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto key = std::string(provider()->public_info().at("vapid_public_key").as_string());
  auto s = stub->subscribe("server_key=" + key);
  auto r = bob.request({{"op", "push.subscribe"},
                        {"provider", "webpush"},
                        {"endpoint", s.endpoint},
                        {"keys", {{"p256dh", s.p256dh}, {"auth", s.auth}}}});
  ASSERT_EQ(r.at("ok"), true) << boost::json::serialize(r);
  bob.disconnect();

  auto sent_at = std::chrono::system_clock::now();
  for (int i = 0; i < 100; ++i)
    alice.send_to_user(bob, "the distinctive text " + std::to_string(i));
  auto first = stub->records_for(StubService::id_of(s), 1, 5s);
  ASSERT_GE(first.size(), 1u);
  auto first_at = std::chrono::system_clock::time_point(
      std::chrono::milliseconds(first[0].at("at").as_int64()));
  EXPECT_LE(first_at - sent_at, 2s) << "the first push within 2 s of the first message";
  std::this_thread::sleep_for(1500ms);  // past the coalescing interval (push_interval_ms = 1000)
  auto all = stub->records();
  std::size_t pushes = 0;
  for (auto& rec : all) {
    if (rec.at("id") != StubService::id_of(s).c_str()) continue;
    ++pushes;
    EXPECT_EQ(rec.at("problems"), boost::json::array{}) << boost::json::serialize(rec);
    EXPECT_EQ(boost::json::serialize(rec).find("distinctive"), std::string::npos);
    EXPECT_EQ(rec.at("payload").at("kind"), "message");
  }
  EXPECT_GE(pushes, 1u);
  EXPECT_LE(pushes, 4u) << "coalesced: one at once, then at most one per interval";

  bob.connect();
  for (int i = 0; i < 100; ++i) {
    auto m = bob.next("message");
    ASSERT_TRUE(m.contains("body")) << "message " << i << " of 100";
    EXPECT_EQ(m.at("body").at("text"), ("the distinctive text " + std::to_string(i)).c_str());
    bob.ack(m.at("cursor").as_int64());
  }
}

}  // namespace
}  // namespace webpush::test
