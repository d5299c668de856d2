// SPDX-License-Identifier: Apache-2.0
// A reader of small messages that stops reading (or acking) is cut off once its window of
// unacked events has been full for [messaging] slow_consumer_timeout_ms: WebSocket 1008, and
// the long-poll equivalent (503, slow_consumer), not held until the idle timeout (1001).
// Clients that ack, even while far more than a window arrives, are never touched.
#include <gtest/gtest.h>

#include <future>
#include <thread>
#include <tuple>

#include <boost/json.hpp>
#include <switchboard/client/http_api.hpp>

#include "e2e_server.hpp"
#include "people.hpp"
#include "raw_ws.hpp"

namespace sb::e2e {
namespace {

using namespace std::chrono_literals;
using client::TransportKind;
namespace json = client::json;

constexpr int kWindow = 1024;  // the core's unacked window (docs/protocol.md)
constexpr auto kTimeout = 2s;  // slow_consumer_timeout_ms below

ServerOptions options() {
  auto o = ServerOptions::ws({}, CoreKind::real);
  o.test_numbers = 4;
  o.longpoll = "poll_wait_ms = 500";  // an empty poll answers soon
  o.extra =
      "[messaging]\ngroup_add_privacy = \"everyone\"\nslow_consumer_timeout_ms = 2000\n"
      "[limits]\nsends_per_device_per_minute = 0\nsends_per_address_per_minute = 0\n";
  return o;
}

// `n` small messages from `from` to `to`, all in flight at once.
std::vector<std::future<client::Reply>> flood(Person& from, const std::string& to, int n,
                                              const std::string& tag) {
  std::vector<std::future<client::Reply>> out;
  for (int i = 0; i < n; ++i)
    out.push_back(from.client().request("send",
                                        {{"to", {{"user", to}}},
                                         {"client_msg_id", tag + std::to_string(i)},
                                         {"enc", "none"},
                                         {"body", {{"text", tag + std::to_string(i)}}}},
                                        60s));
  return out;
}

TEST(SlowReader, AWebSocketThatReadsNothingIsClosed1008WhileOthersChatOn) {
  Server server(options());
  Person alice(server, 1, TransportKind::websocket), bob(server, 2, TransportKind::websocket),
      carol(server, 3, TransportKind::websocket), dave(server, 4, TransportKind::longpoll);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(carol.connect());
  ASSERT_TRUE(dave.connect());
  // bob's device connects and never reads: its small events fit the socket buffers, so its
  // send queue never overflows.
  RawWs slow(server.port(), bob.tokens().access_token);
  ASSERT_EQ(slow.status(), 101);

  // More than a window each for bob, who never acks, and for carol, whose client acks.
  auto to_bob = flood(alice, bob.user(), kWindow + 76, "b");
  auto to_carol = flood(alice, carol.user(), 2 * kWindow, "c");
  // Meanwhile carol and dave chat, for longer than the timeout.
  auto until = std::chrono::steady_clock::now() + kTimeout + 1s;
  for (int i = 0; std::chrono::steady_clock::now() < until; ++i) {
    auto text = "chat " + std::to_string(i);
    auto [from, to] = i % 2 ? std::tie(carol, dave) : std::tie(dave, carol);
    ASSERT_TRUE(from.say({{"user", to.user()}}, text).ok) << text;
    ASSERT_EQ(to.wait_message(text, 10s).ev, "message") << text;
  }
  for (auto& f : to_bob) ASSERT_TRUE(f.get().ok);
  for (auto& f : to_carol) ASSERT_TRUE(f.get().ok);

  // bob's window has been full since his 1,025th message: within the timeout (and the
  // watch's quarter-timeout tick) of that he is cut off, far from the 90 s idle timeout.
  EXPECT_EQ(slow.wait_close(kTimeout + 3s), 1008);
  // carol got everything and was never disconnected; alice and dave neither.
  ASSERT_FALSE(carol.wait_message("c" + std::to_string(2 * kWindow - 1), 30s).ev.empty());
  for (auto* p : {&alice, &carol, &dave}) EXPECT_EQ(p->client().last_error(), "") << p->user();
  ASSERT_TRUE(alice.say({{"user", carol.user()}}, "carol is fine").ok);
  EXPECT_EQ(carol.wait_message("carol is fine").ev, "message");

  // bob comes back with a client that acks: every message is still in his inbox, in order.
  ASSERT_TRUE(bob.connect());
  ASSERT_FALSE(bob.wait_message("b" + std::to_string(kWindow + 75), 30s).ev.empty());
  auto texts = bob.texts();
  ASSERT_EQ(texts.size(), std::size_t(kWindow + 76));
  for (int i = 0; i < kWindow + 76; ++i) EXPECT_EQ(texts[i], "b" + std::to_string(i));
}

TEST(SlowReader, ALongPollClientThatNeverAcksLearnsItWasASlowConsumer) {
  Server server(options());
  Person alice(server, 1, TransportKind::websocket);
  ASSERT_TRUE(alice.connect());
  auto bob = login(server, 2);
  client::Endpoint at{"127.0.0.1", std::to_string(server.port())};
  auto poll = [&] {
    return client::http_call(at, "GET", "/v1/lp?cursor=0", {}, bob.access_token, 30s);
  };
  ASSERT_EQ(poll().status, 200);  // opens bob's session
  auto t0 = std::chrono::steady_clock::now();
  auto sends = flood(alice, bob.user_id, kWindow + 10, "m");
  for (auto& f : sends) ASSERT_TRUE(f.get().ok);
  // bob polls on, always with cursor 0: he gets events and acks none of them.
  client::HttpAnswer answer;
  do {
    std::this_thread::sleep_for(100ms);
    answer = poll();
  } while (answer.status == 200 && std::chrono::steady_clock::now() - t0 < 30s);
  ASSERT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(json::parse(answer.body).at("error").at("message"), "slow_consumer") << answer.body;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 20s);
  // The next poll opens a new session, and the inbox replays from the start.
  auto fresh = poll();
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  auto events = json::parse(fresh.body).as_array();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].at("body").at("text"), "m0");
}

}  // namespace
}  // namespace sb::e2e
