// SPDX-License-Identifier: Apache-2.0
// The client library over both transports against the real daemon with echo-core:
// request/reply, timeouts, events, acks, and reconnect with resume that loses nothing and
// duplicates nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>

#include <switchboard/client/client.hpp>

#include "e2e_server.hpp"

namespace sb::e2e {
namespace {

using namespace std::chrono_literals;
using client::Client;
using client::ClientOptions;
using client::Event;
using client::TransportKind;

class ClientLibrary : public ::testing::TestWithParam<TransportKind> {
 protected:
  ClientOptions options(const std::string& token) {
    ClientOptions o;
    o.server = server.url();
    o.transport = GetParam();
    o.token = [token](bool) { return token; };
    o.backoff_initial = 50ms;
    o.backoff_max = 400ms;
    o.request_timeout = 5s;
    return o;
  }
  Server server;
};

// Collects events by cursor, counting duplicates.
struct Inbox {
  std::mutex mutex;
  std::vector<std::int64_t> cursors;
  void add(const Event& e) {
    std::lock_guard lock(mutex);
    if (e.cursor) cursors.push_back(*e.cursor);
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return cursors.size();
  }
  std::vector<std::int64_t> all() {
    std::lock_guard lock(mutex);
    return cursors;
  }
};

TEST_P(ClientLibrary, RequestsGetTheirRepliesAndBadOnesTheirErrors) {
  Client c(options("tok:amy:d1"));
  c.start();
  ASSERT_TRUE(c.wait_connected(5s)) << c.last_error();
  auto ok = c.request("echo", {{"body", "hello"}}).get();
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.fields.at("echo"), "hello");
  auto bad = c.request("no-such-op").get();
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error_code, "bad_request");
  // Many at once: each gets its own reply.
  std::vector<std::future<client::Reply>> many;
  for (int i = 0; i < 50; ++i) many.push_back(c.request("echo", {{"body", i}}));
  for (int i = 0; i < 50; ++i) EXPECT_EQ(many[i].get().fields.at("echo"), i);
}

TEST_P(ClientLibrary, ARequestWithoutConnectionTimesOut) {
  auto o = options("tok:amy:d1");
  o.server = "http://127.0.0.1:1";  // nothing listens there
  Client c(o);
  c.start();
  auto r = c.request("echo", {}, 300ms).get();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "timeout");
  EXPECT_NE(c.state(), client::State::connected);
}

TEST_P(ClientLibrary, ARefusedTokenIsReportedAndRefreshedOnTheNextAttempt) {
  auto o = options("");
  std::atomic<int> calls{0}, rejected_calls{0};
  o.token = [&](bool rejected) {
    ++calls;
    if (rejected) ++rejected_calls;
    return rejected ? std::string("tok:ben:d1") : std::string("expired");
  };
  Client c(o);
  c.start();
  ASSERT_TRUE(c.wait_connected(5s)) << c.last_error();
  EXPECT_GE(rejected_calls.load(), 1);
  EXPECT_TRUE(c.request("echo").get().ok);
}

TEST_P(ClientLibrary, EventsArriveOnceAndAreAcked) {
  Client c(options("tok:cat:d1"));
  Inbox inbox;
  c.on_event([&](const Event& e) { inbox.add(e); });
  c.start();
  ASSERT_TRUE(c.wait_connected(5s));
  ASSERT_TRUE(c.request("emit", {{"count", 5}}).get().ok);
  ASSERT_TRUE(eventually([&] { return inbox.size() >= 5; }));
  EXPECT_EQ(inbox.all(), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(eventually([&] { return c.request("acks").get().fields.at("acked") == 5; }));
}

TEST_P(ClientLibrary, ReconnectResumesLosingNothingAndDuplicatingNothing) {
  auto o = options("tok:dan:d1");
  // Over WebSocket nothing is acked, so every reconnect replays the whole inbox and the
  // client must drop what it has. Over long-poll the poll's cursor is the ack.
  o.auto_ack = GetParam() == TransportKind::longpoll;
  Client c(o);
  Inbox inbox;
  std::atomic<int> connects{0};
  c.on_event([&](const Event& e) { inbox.add(e); });
  c.on_state([&](client::State s, const std::string&) {
    if (s == client::State::connected) ++connects;
  });
  c.start();
  ASSERT_TRUE(c.wait_connected(5s));
  // Another device of the same user keeps emitting into dan's inbox while dan drops.
  Client feeder(options("tok:dan:feeder"));
  feeder.start();
  ASSERT_TRUE(feeder.wait_connected(5s));
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(feeder.request("emit", {{"to", "dan/d1"}, {"count", 10}}).get().ok);
    ASSERT_TRUE(eventually([&] { return inbox.size() >= std::size_t(10 * round + 5); }));
    // The server ends dan's connection (over WebSocket: close; over long-poll: the session)
    // while the round's last events may still be on their way. The next round waits for the
    // resume, or its close could ride the dying connection and never count as a drop.
    c.request("close", {{"reason", "shutdown"}});
    ASSERT_TRUE(eventually([&] { return connects.load() >= round + 2; }, 10s)) << connects.load();
  }
  ASSERT_TRUE(eventually([&] { return inbox.size() >= 30; }, 15s));
  std::this_thread::sleep_for(300ms);
  std::vector<std::int64_t> expected;
  for (int i = 1; i <= 30; ++i) expected.push_back(i);
  EXPECT_EQ(inbox.all(), expected);
  EXPECT_EQ(c.last_cursor(), 30);
  EXPECT_EQ(connects.load(), 4);  // the first connection and three resumes, no other drop
}

INSTANTIATE_TEST_SUITE_P(Transports, ClientLibrary,
                         ::testing::Values(TransportKind::websocket, TransportKind::longpoll),
                         [](const auto& info) {
                           return info.param == TransportKind::websocket ? "WebSocket" : "LongPoll";
                         });

}  // namespace
}  // namespace sb::e2e
