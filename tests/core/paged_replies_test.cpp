// SPDX-License-Identifier: Apache-2.0
// Replies the client's request sizes: sync and history over large messages come in pages
// capped by bytes ("more" and where to continue), and an ack cannot run ahead of the cursors
// the device was given.
#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

using PagedReplies = ChatTest;

constexpr std::size_t kReplyCap = 256 * 1024;  // kReplyBytes in kernel/core/reply_page.hpp

// 20 messages of ~60 KB: 1.2 MB in all, far beyond one reply's cap.
void send_large(Client& from, Client& to, int count) {
  std::string big(60'000, 'x');
  for (int i = 0; i < count; ++i)
    ASSERT_EQ(from.send_to_user(to, big + std::to_string(i)).at("ok"), true);
}

TEST_F(PagedReplies, SyncOverLargeMessagesComesInPagesThatEachFitTheCap) {
  auto& alice = login(1);
  auto& bob = login(2, "phone", false);
  send_large(alice, bob, 20);
  bob.connect();
  std::int64_t after = 0;
  std::size_t seen = 0;
  for (int page = 0; page < 40 && seen < 20; ++page) {
    auto r = bob.request({{"op", "sync"}, {"after", after}, {"limit", 500}});
    ASSERT_EQ(r.at("ok"), true) << r.at("error");
    auto size = json::serialize(r).size();
    EXPECT_LE(size, kReplyCap + 70'000);  // the cap, plus at most the first item
    auto& events = r.at("events").as_array();
    ASSERT_FALSE(events.empty());
    seen += events.size();
    if (seen < 20) {
      ASSERT_EQ(r.at("more"), true) << "page " << page << " has " << events.size();
      ASSERT_EQ(r.at("next_after"), events.back().at("cursor"));
    }
    after = events.back().at("cursor").as_int64();
  }
  EXPECT_EQ(seen, 20u);
  auto rest = bob.request({{"op", "sync"}, {"after", after}});
  EXPECT_TRUE(rest.at("events").as_array().empty());
  EXPECT_FALSE(rest.contains("more"));
}

TEST_F(PagedReplies, HistoryOverLargeMessagesComesInPagesNewestFirst) {
  auto& alice = login(1);
  auto& bob = login(2, "phone", false);
  send_large(alice, bob, 20);
  auto chat = alice.send_to_user(bob, "small").at("chat");
  std::int64_t before = 0;
  std::vector<std::int64_t> seqs;
  for (int page = 0; page < 40; ++page) {
    auto r =
        alice.request({{"op", "history"}, {"chat", chat}, {"before_seq", before}, {"limit", 500}});
    ASSERT_EQ(r.at("ok"), true) << r.at("error");
    EXPECT_LE(json::serialize(r).size(), kReplyCap + 70'000);
    for (auto& m : r.at("messages").as_array()) seqs.push_back(m.at("seq").as_int64());
    if (!r.contains("more")) break;
    before = r.at("next_before_seq").as_int64();
    EXPECT_EQ(before, seqs.back());
  }
  ASSERT_EQ(seqs.size(), 21u);
  for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], 21 - static_cast<int>(i));
}

TEST_F(PagedReplies, MaxBytesAsksForASmallerPageAndIsChecked) {
  auto& alice = login(1);
  auto& bob = login(2, "phone", false);
  send_large(alice, bob, 3);
  auto chat = alice.send_to_user(bob, "small").at("chat");
  // 1 KiB: one item per page (the first always goes), then where to go on.
  auto h = alice.request({{"op", "history"}, {"chat", chat}, {"max_bytes", 1024}});
  ASSERT_EQ(h.at("ok"), true) << h.at("error");
  EXPECT_EQ(h.at("messages").as_array().size(), 1u);
  EXPECT_EQ(h.at("more"), true);
  bob.connect();
  auto s = bob.request({{"op", "sync"}, {"max_bytes", 130'000}});
  ASSERT_EQ(s.at("ok"), true);
  EXPECT_EQ(s.at("events").as_array().size(), 2u);  // 60 KB each: a third would not fit
  EXPECT_EQ(s.at("more"), true);
  for (long bad : {0L, 1023L, 262'145L}) {
    auto r = bob.request({{"op", "sync"}, {"max_bytes", bad}});
    EXPECT_EQ(r.at("error").at("code"), "bad_request");
    std::string message(r.at("error").at("message").as_string());
    EXPECT_NE(message.find("max_bytes"), std::string::npos) << message;
  }
}

TEST_F(PagedReplies, AnAckBeyondTheLastCursorIssuedIsRefusedAndTheDeviceStaysHearing) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(alice.send_to_user(bob, "one").at("ok"), true);
  auto cursor = bob.next("message").at("cursor").as_int64();
  auto r = bob.request({{"op", "ack"}, {"cursor", cursor + 1000}});
  ASSERT_EQ(r.at("ok"), false);
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  EXPECT_NE(std::string(r.at("error").at("message").as_string()).find("cursor"), std::string::npos);
  EXPECT_EQ(r.at("error").at("highest"), cursor);
  bob.ack(cursor);
  // Still hearing: the next message arrives live and after a reconnect nothing is lost.
  ASSERT_EQ(alice.send_to_user(bob, "two").at("ok"), true);
  EXPECT_EQ(bob.next("message").at("body").at("text"), "two");
  bob.connect();
  EXPECT_EQ(bob.next("message").at("body").at("text"), "two");  // unacked: replayed
}

TEST_F(PagedReplies, AnAckOfACursorSentToAnEarlierConnectionIsAccepted) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(alice.send_to_user(bob, "one").at("ok"), true);
  ASSERT_EQ(alice.send_to_user(bob, "two").at("ok"), true);
  bob.next("message");
  auto cursor = bob.next("message").at("cursor").as_int64();
  bob.connect();
  bob.ack(cursor);
}

}  // namespace
}  // namespace sb::core::test
