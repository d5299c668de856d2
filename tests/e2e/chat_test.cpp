// SPDX-License-Identifier: Apache-2.0
// Conversations through the real core, store-sqlite and both transports, over loopback:
// receipts, a group across WebSocket and long-poll, resume after a disconnect, and a slow
// consumer that loses nothing.
#include <gtest/gtest.h>

#include <future>

#include "e2e_server.hpp"
#include "idle_crowd.hpp"
#include "people.hpp"
#include "raw_ws.hpp"

namespace sb::e2e {
namespace {

using namespace std::chrono_literals;
using client::Event;
using client::TransportKind;
namespace json = client::json;

constexpr auto WS = TransportKind::websocket;
constexpr auto LP = TransportKind::longpoll;

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v) return {};
  return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
}

bool is_receipt(const Event& e, const std::string& type) {
  return e.ev == "receipt" && str(e.fields, "type") == type;
}

ServerOptions real(std::string ws = {}) {
  auto o = ServerOptions::ws(std::move(ws), CoreKind::real);
  o.test_numbers = 4;
  return o;
}

TEST(Chat, AliceAndBobChatWithDeliveredAndReadReceipts) {
  Server server(real());
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect()) << alice.client().last_error();
  ASSERT_TRUE(bob.connect()) << bob.client().last_error();

  // alice sends "hi" to bob; the single tick is her reply.
  auto sent = alice.say({{"user", bob.user()}}, "hi bob");
  ASSERT_TRUE(sent.ok) << sent.error_code << " " << sent.error_message;
  std::string msg_id = str(sent.fields, "msg_id"), chat = str(sent.fields, "chat");
  EXPECT_FALSE(msg_id.empty());

  // bob receives it, from alice, with a cursor; his client acks it.
  auto got = bob.wait_message("hi bob");
  ASSERT_EQ(got.ev, "message");
  EXPECT_TRUE(got.cursor);
  EXPECT_EQ(str(got.fields, "msg_id"), msg_id);
  EXPECT_EQ(str(got.fields.at("from").as_object(), "user"), alice.user());

  // alice receives "delivered".
  auto delivered = alice.wait_for([&](const Event& e) { return is_receipt(e, "delivered"); });
  ASSERT_EQ(delivered.ev, "receipt") << "no delivered receipt";
  EXPECT_EQ(str(delivered.fields, "chat"), chat);

  // bob reads; alice receives "read" up to that seq.
  auto read = bob.call("read", {{"chat", chat}, {"upto_seq", sent.fields.at("seq")}});
  EXPECT_TRUE(read.ok) << read.error_code;
  auto seen = alice.wait_for([&](const Event& e) { return is_receipt(e, "read"); });
  ASSERT_EQ(seen.ev, "receipt") << "no read receipt";

  // bob answers; alice receives it.
  ASSERT_TRUE(bob.say({{"user", alice.user()}}, "hi alice").ok);
  EXPECT_EQ(alice.wait_message("hi alice").ev, "message");
}

TEST(Chat, AWebSocketAndALongPollClientShareAGroup) {
  Server server(real());
  Person alice(server, 1, WS), bob(server, 2, LP), carol(server, 3, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  ASSERT_TRUE(carol.connect());
  auto created = alice.call(
      "group.create",
      {{"name", "trio"}, {"members", json::array{bob.user(), carol.user()}}, {"policy", "open"}});
  ASSERT_TRUE(created.ok) << created.error_code << " " << created.error_message;
  std::string group = str(created.fields, "group");
  ASSERT_FALSE(group.empty());

  ASSERT_TRUE(bob.say({{"group", group}}, "from long-poll").ok);
  EXPECT_EQ(alice.wait_message("from long-poll").ev, "message");
  EXPECT_EQ(carol.wait_message("from long-poll").ev, "message");
  ASSERT_TRUE(alice.say({{"group", group}}, "from websocket").ok);
  EXPECT_EQ(bob.wait_message("from websocket").ev, "message");
  EXPECT_EQ(carol.wait_message("from websocket").ev, "message");
}

class Resume : public ::testing::TestWithParam<TransportKind> {};

TEST_P(Resume, AReconnectingClientLosesNothingAndGetsNothingTwice) {
  Server server(real());
  Person alice(server, 1, WS), bob(server, 2, GetParam());
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(alice.say({{"user", bob.user()}}, "a" + std::to_string(i)).ok);
  ASSERT_FALSE(bob.wait_message("a4").ev.empty());
  auto cursor = bob.client().last_cursor();
  std::this_thread::sleep_for(300ms);  // the acks leave
  bob.disconnect();
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(alice.say({{"user", bob.user()}}, "b" + std::to_string(i)).ok);

  ASSERT_TRUE(bob.connect(cursor));  // a new client, resuming after the saved cursor
  ASSERT_FALSE(bob.wait_message("b4").ev.empty());
  std::this_thread::sleep_for(300ms);
  std::vector<std::string> expected{"a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4"};
  EXPECT_EQ(bob.texts(), expected);
}

INSTANTIATE_TEST_SUITE_P(Transports, Resume, ::testing::Values(WS, LP), [](const auto& info) {
  return info.param == WS ? "WebSocket" : "LongPoll";
});

TEST(Chat, ASlowConsumerIsCutOffKeepsItsInboxAndOthersAreUnaffected) {
  // The socket buffers of a loopback connection absorb about 4 MB; the queue 256 KB more.
  auto options = real("max_send_queue_bytes = 262144");
  options.longpoll = "max_buffered_bytes = 16777216";
  Server server(options);
  Person alice(server, 1, WS), bob(server, 2, LP), carol(server, 3, WS), dave(server, 4, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(carol.connect());
  ASSERT_TRUE(dave.connect());
  // bob's device connects over WebSocket and never reads.
  RawWs slow(server.port(), bob.tokens().access_token);
  ASSERT_EQ(slow.status(), 101);
  constexpr int kCount = 800;
  std::string pad(6000, 'x');
  std::vector<std::future<client::Reply>> sends;
  for (int i = 0; i < kCount; ++i)
    sends.push_back(alice.client().request("send",
                                           {{"to", {{"user", bob.user()}}},
                                            {"client_msg_id", "slow-" + std::to_string(i)},
                                            {"enc", "none"},
                                            {"body", {{"text", "m" + std::to_string(i) + pad}}}},
                                           30s));
  // Meanwhile carol and dave chat, one message at a time: each arrives, and in time (the
  // bound is for a stuck I/O thread, not a benchmark; this machine is shared).
  auto slowest = 0ms;
  for (int i = 0; i < 20; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto text = "chat " + std::to_string(i);
    ASSERT_TRUE((i % 2 ? carol : dave).say({{"user", (i % 2 ? dave : carol).user()}}, text).ok);
    ASSERT_EQ((i % 2 ? dave : carol).wait_message(text, 10s).ev, "message") << text;
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - t0));
  }
  EXPECT_LT(slowest, 5s);
  for (auto& f : sends) ASSERT_TRUE(f.get().ok);
  // Read at once: the close frame waits behind what the socket holds, for 3 s at most.
  EXPECT_EQ(slow.wait_close(20s), 1008);
  ASSERT_TRUE(alice.say({{"user", carol.user()}}, "carol is fine").ok);
  EXPECT_EQ(carol.wait_message("carol is fine").ev, "message");

  // bob comes back over long-poll: every message is still in his inbox, in order, once.
  ASSERT_TRUE(bob.connect());
  ASSERT_FALSE(bob.wait_message("m" + std::to_string(kCount - 1) + pad, 30s).ev.empty());
  auto texts = bob.texts();
  ASSERT_EQ(texts.size(), std::size_t(kCount));
  for (int i = 0; i < kCount; ++i) EXPECT_EQ(texts[i], "m" + std::to_string(i) + pad);
}

TEST(Chat, BadFramesGetErrorsAndTheConnectionLives) {
  Server server(real("max_message_bytes = 4096"));
  auto tokens = login(server, 1);
  RawWs ws(server.port(), tokens.access_token);
  ASSERT_EQ(ws.status(), 101);
  for (const char* bad : {"", "garbage", "[]", "{\"op\":\"nope\",\"id\":\"1\"}",
                          "{\"op\":\"send\",\"id\":\"2\"}", "{\"id\":{\"deep\":[1,2]}}"}) {
    ws.send_text(bad);
    auto reply = ws.read();
    ASSERT_TRUE(reply) << bad;
    auto o = json::parse(*reply).as_object();
    EXPECT_EQ(o.at("ok"), false) << bad;
  }
  ws.send_binary("\x01\x02");
  EXPECT_TRUE(ws.read());
  ws.send_text(R"({"id":"ok","op":"devices.list"})");
  auto fine = ws.read();
  ASSERT_TRUE(fine);
  EXPECT_EQ(json::parse(*fine).at("ok"), true);
  ws.send_text(std::string(5000, ' ') + "{}");
  EXPECT_EQ(ws.wait_close(), 1009);
  RawWs utf8(server.port(), tokens.access_token);
  utf8.send_text("{\"id\":\"\xc3\x28\"}");
  EXPECT_EQ(utf8.wait_close(), 1007);
}

TEST(Chat, ARevokedDeviceIsClosedWith4003AndItsPollsGet401) {
  Server server(real());
  Person phone(server, 1, WS);
  auto laptop = login(server, 1, "laptop");
  auto tablet = login(server, 1, "tablet");
  ASSERT_TRUE(phone.connect());
  RawWs ws(server.port(), laptop.access_token);
  ASSERT_EQ(ws.status(), 101);
  client::Endpoint at{"127.0.0.1", std::to_string(server.port())};
  ASSERT_EQ(client::http_call(at, "POST", "/v1/lp", "[]", tablet.access_token).status, 200);

  ASSERT_TRUE(phone.call("devices.revoke", {{"device", laptop.device_id}}).ok);
  ASSERT_TRUE(phone.call("devices.revoke", {{"device", tablet.device_id}}).ok);
  bool told = false;
  while (auto frame = ws.read())
    if (frame->find("session.revoked") != std::string::npos) told = true;
  EXPECT_TRUE(told);
  EXPECT_EQ(ws.close_code(), 4003);
  // Its token still has a valid signature: the upgrade may pass, the session may not.
  RawWs again(server.port(), laptop.access_token);
  if (again.status() == 101) {
    int code = again.wait_close();
    EXPECT_TRUE(code == 4001 || code == 4003) << code;
  } else {
    EXPECT_EQ(again.status(), 401);
  }
  EXPECT_EQ(client::http_call(at, "GET", "/v1/lp?cursor=0", {}, tablet.access_token).status, 401);
}

TEST(Chat, TwoThousandIdleAuthenticatedConnectionsAddNoThread) {
  Server server(real("max_connections_per_address = 0"));
  auto tokens = login(server, 1);
  // One device connected 2,000 times: each is a full core session.
  expect_idle_connections_cheap(
      server, 2000, [&](int) { return tokens.access_token; }, 24 * 1024, "devices.list");
}

}  // namespace
}  // namespace sb::e2e
