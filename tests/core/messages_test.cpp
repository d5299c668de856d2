// SPDX-License-Identifier: Apache-2.0
// One-to-one conversations: send, delivery, receipts, backlog, idempotency, sync, history,
// per-device bodies and ordering under concurrent senders.
#include <set>
#include <thread>

#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

std::string text_of(const json::object& ev) {
  return std::string(ev.at("body").at("text").as_string());
}

using Messages = ChatTest;

TEST_F(Messages, AliceSaysHiBobReceivesItAliceSeesDeliveredAndRead) {
  auto& alice = login(1);
  auto& bob = login(2);

  auto reply = alice.send_to_user(bob, "hi");
  ASSERT_EQ(reply.at("ok"), true) << json::serialize(reply);
  EXPECT_EQ(reply.at("seq"), 1);
  EXPECT_TRUE(reply.contains("msg_id") && reply.contains("ts") && reply.contains("chat"));

  auto msg = bob.next("message");
  EXPECT_EQ(text_of(msg), "hi");
  EXPECT_EQ(msg.at("from").at("user"), alice.user.c_str());
  EXPECT_EQ(msg.at("msg_id"), reply.at("msg_id"));
  EXPECT_EQ(msg.at("seq"), 1);

  bob.ack(msg.at("cursor").as_int64());
  auto delivered = alice.next("receipt");
  EXPECT_EQ(delivered.at("type"), "delivered");
  EXPECT_EQ(delivered.at("msg_id"), reply.at("msg_id"));
  EXPECT_EQ(delivered.at("by"), bob.user.c_str());

  auto r = bob.request({{"op", "read"}, {"chat", msg.at("chat")}, {"upto_seq", 1}});
  ASSERT_EQ(r.at("ok"), true) << json::serialize(r);
  auto read = alice.next("receipt");
  EXPECT_EQ(read.at("type"), "read");
  EXPECT_EQ(read.at("upto_seq"), 1);
  EXPECT_EQ(read.at("by"), bob.user.c_str());
}

TEST_F(Messages, BobOfflineGetsTheBacklogInOrderOnConnectBeforeAnythingNew) {
  auto& alice = login(1);
  auto& bob = login(2, "phone", false);
  for (int i = 1; i <= 5; ++i)
    ASSERT_EQ(alice.send_to_user(bob, "m" + std::to_string(i)).at("ok"), true);
  bob.connect();
  alice.send_to_user(bob, "live");
  std::int64_t last = 0;
  for (int i = 1; i <= 5; ++i) {
    auto m = bob.next("message");
    EXPECT_EQ(text_of(m), "m" + std::to_string(i));
    EXPECT_GT(m.at("cursor").as_int64(), last);
    last = m.at("cursor").as_int64();
  }
  EXPECT_EQ(text_of(bob.next("message")), "live");
}

TEST_F(Messages, UnackedMessagesComeAgainOnReconnectAndAckedOnesDoNot) {
  auto& alice = login(1);
  auto& bob = login(2);
  alice.send_to_user(bob, "one");
  alice.send_to_user(bob, "two");
  auto one = bob.next("message");
  bob.next("message");
  bob.ack(one.at("cursor").as_int64());
  bob.connect();
  EXPECT_EQ(text_of(bob.next("message")), "two");
  EXPECT_TRUE(bob.quiet("message"));
}

TEST_F(Messages, TheSameClientMsgIdTwiceStoresOnceAndAnswersTheSame) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto first = alice.send_to_user(bob, "once", "cm-1");
  auto again = alice.send_to_user(bob, "once", "cm-1");
  EXPECT_EQ(first.at("msg_id"), again.at("msg_id"));
  EXPECT_EQ(first.at("seq"), again.at("seq"));
  bob.next("message");
  EXPECT_TRUE(bob.quiet("message"));
}

TEST_F(Messages, AliceOtherDeviceGetsHerOwnMessage) {
  auto& alice = login(1);
  auto& alice_laptop = login(1, "laptop");
  auto& bob = login(2);
  alice.send_to_user(bob, "synced");
  EXPECT_EQ(text_of(alice_laptop.next("message")), "synced");
  EXPECT_EQ(text_of(bob.next("message")), "synced");
  EXPECT_TRUE(alice.quiet("message", std::chrono::milliseconds(100)));
}

// Sends reuse the recipient's device list for a while ([messaging] read_cache_ms); a
// device that logs in meanwhile must still get the next message.
TEST_F(Messages, ADeviceThatJustLoggedInGetsTheNextMessage) {
  auto& alice = login(1);
  auto& bob = login(2);
  for (auto text : {"to one device", "again"}) {
    alice.send_to_user(bob, text);
    EXPECT_EQ(bob.next("message").at("body").at("text"), text);
  }
  auto& laptop = login(2, "laptop", /*connect=*/false);
  alice.send_to_user(bob, "to both");
  EXPECT_EQ(bob.next("message").at("body").at("text"), "to both");
  laptop.connect();
  EXPECT_EQ(laptop.next("message").at("body").at("text"), "to both");
}

// Flow control: the server pushes at most 1024 events beyond a device's last ack; the ack
// of the last one pushed brings the rest from the inbox, in order, nothing lost.
TEST_F(Messages, ADeviceThatDoesNotAckGetsAWindowThenTheRestAfterItsAck) {
  auto& alice = login(1);
  auto& bob = login(2);
  constexpr int kSent = 1100, kWindow = 1024;
  for (int i = 1; i <= kSent; ++i)
    alice.post({{"op", "send"},
                {"to", {{"user", bob.user}}},
                {"client_msg_id", "m" + std::to_string(i)},
                {"body", {{"text", std::to_string(i)}}}});
  std::int64_t last = 0;
  for (int i = 1; i <= kWindow; ++i) {
    // 1,100 durable sends queue behind each other: on a loaded machine the first may wait.
    auto m = bob.next("message", 30s);
    ASSERT_EQ(text_of(m), std::to_string(i));
    last = m.at("cursor").as_int64();
  }
  EXPECT_TRUE(bob.quiet("message", 500ms));
  bob.ack(last);
  for (int i = kWindow + 1; i <= kSent; ++i)
    ASSERT_EQ(text_of(bob.next("message", 30s)), std::to_string(i));
  EXPECT_TRUE(bob.quiet("message", 100ms));
}

TEST_F(Messages, PerDeviceBodiesMustNameExactlyTheCurrentDevices) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& bob_tablet = login(2, "tablet");
  auto key = [](const Client& c) { return c.user + ":" + c.device; };
  json::object req{{"op", "send"},
                   {"to", {{"user", bob.user}}},
                   {"client_msg_id", "e1"},
                   {"enc", "e2ee"},
                   {"bodies", {{key(bob), "c1"}, {alice.user + ":nope", "c2"}}}};
  auto r = alice.request(req);
  ASSERT_EQ(r.at("ok"), false);
  EXPECT_EQ(r.at("error").at("code"), "stale_devices");
  EXPECT_EQ(r.at("error").at("missing"), json::array{json::string(key(bob_tablet))});
  EXPECT_EQ(r.at("error").at("extra"), json::array{json::string(alice.user + ":nope")});

  req["bodies"] = json::object{{key(bob), "for-phone"}, {key(bob_tablet), "for-tablet"}};
  ASSERT_EQ(alice.request(req).at("ok"), true);
  EXPECT_EQ(bob.next("message").at("body"), "for-phone");
  EXPECT_EQ(bob_tablet.next("message").at("body"), "for-tablet");
}

TEST_F(Messages, SyncReplaysTheInboxAndHistoryListsTheChat) {
  auto& alice = login(1);
  auto& bob = login(2, "phone", false);
  for (int i = 1; i <= 3; ++i) alice.send_to_user(bob, "h" + std::to_string(i));
  bob.connect_anonymous();
  bob.link().take([](auto&) { return false; }, std::chrono::milliseconds(1));
  bob.connect();
  auto sync = bob.request({{"op", "sync"}, {"after", 0}, {"limit", 2}});
  ASSERT_EQ(sync.at("ok"), true) << json::serialize(sync);
  ASSERT_EQ(sync.at("events").as_array().size(), 2u);
  auto chat = sync.at("events").as_array()[0].at("chat");
  auto hist = bob.request({{"op", "history"}, {"chat", chat}, {"limit", 10}});
  ASSERT_EQ(hist.at("ok"), true) << json::serialize(hist);
  auto& msgs = hist.at("messages").as_array();
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0].at("seq"), 3);  // newest first
  EXPECT_EQ(msgs[0].at("body").at("text"), "h3");
}

TEST_F(Messages, NobodyReadsAChatTheyAreNotIn) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& eve = login(3);
  auto chat = alice.send_to_user(bob, "secret").at("chat");
  for (auto op : {"history", "read", "typing"}) {
    json::object req{{"op", op}, {"chat", chat}, {"upto_seq", 1}, {"state", "on"}};
    auto r = eve.request(req);
    EXPECT_EQ(r.at("error").at("code"), "forbidden") << op << ": " << json::serialize(r);
  }
}

TEST_F(Messages, TooLargeBodiesAreRefusedWithTheLimit) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto r = alice.send_to_user(bob, std::string(70 * 1024, 'x'));
  EXPECT_EQ(r.at("error").at("code"), "too_large");
  EXPECT_EQ(r.at("error").at("limit"), 64 * 1024);
  EXPECT_TRUE(bob.quiet("message"));
}

TEST_F(Messages, ConcurrentSendersKeepPerChatOrderGapFree) {
  auto& bob = login(2);
  std::vector<Client*> senders{&login(1), &login(3), &login(4)};
  auto g = bob.request({{"op", "group.create"},
                        {"name", "busy"},
                        {"members", {senders[0]->user, senders[1]->user, senders[2]->user}}});
  ASSERT_EQ(g.at("ok"), true) << json::serialize(g);
  std::string group(g.at("group").as_string());
  constexpr int kEach = 40;
  std::vector<std::thread> threads;
  for (auto* s : senders)
    threads.emplace_back([s, group] {
      for (int i = 0; i < kEach; ++i) s->send_to_group(group, s->user + "#" + std::to_string(i));
    });
  for (auto& t : threads) t.join();
  std::map<std::string, int> next_of;
  std::set<std::int64_t> seqs;
  std::int64_t last_seq = 0;
  for (int n = 0; n < kEach * 3; ++n) {
    auto m = bob.next("message");
    auto seq = m.at("seq").as_int64();
    EXPECT_GT(seq, last_seq);
    last_seq = seq;
    seqs.insert(seq);
    auto text = text_of(m);
    auto from = text.substr(0, text.find('#'));
    EXPECT_EQ(std::stoi(text.substr(text.find('#') + 1)), next_of[from]++) << text;
  }
  // seq 1 was the "created" notice; then 120 messages without a gap.
  EXPECT_EQ(*seqs.begin(), 2);
  EXPECT_EQ(*seqs.rbegin(), 1 + kEach * 3);
}

}  // namespace
}  // namespace sb::core::test
