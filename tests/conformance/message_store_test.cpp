// SPDX-License-Identifier: Apache-2.0
// MessageStore conformance: seq and cursors, idempotency, inbox, acks, events, history,
// read marks, flush and what survives a restart.
#include <gmock/gmock.h>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kChat = "d:alice:bob";

InboxTarget to(std::string user, std::string device, std::string body = {}) {
  return {std::move(user), std::move(device), std::move(body)};
}

TEST_P(MessageStoreConformance, SeqIsPerChatGapFreeFromOne) {
  std::vector<std::int64_t> a, b;
  for (int i = 0; i < 3; ++i) {
    a.push_back(append_sync(messages(), message(kChat, "alice", "a1", "", "x", {})).seq);
    b.push_back(append_sync(messages(), message("g:g1", "alice", "a1", "", "y", {})).seq);
  }
  EXPECT_THAT(a, ElementsAre(1, 2, 3));
  EXPECT_THAT(b, ElementsAre(1, 2, 3));
  auto r = append_sync(messages(), message(kChat, "bob", "b1", "c1", "z", {}));
  EXPECT_EQ(r.chat, kChat);
  EXPECT_EQ(r.seq, 4);
  EXPECT_FALSE(r.msg_id.empty());
  EXPECT_GT(r.ts, 0);
  EXPECT_FALSE(r.duplicate);
}

TEST_P(MessageStoreConformance, ConcurrentAppendsCallEachDoneOnceWithGapFreeSeqs) {
  constexpr int kThreads = 4, kPerThread = 200;
  std::mutex mutex;
  std::map<std::string, std::set<std::int64_t>> seqs;        // chat -> seqs
  std::map<std::string, std::vector<std::int64_t>> cursors;  // device -> cursors
  std::set<std::string> ids;
  std::atomic<int> done{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto chat = "g:c" + std::to_string(i % 3);
        auto w = message(chat, "u" + std::to_string(t), "d", "m" + std::to_string(i), "b",
                         {to("r", "d1"), to("r", "d2")});
        messages().append(std::move(w), [&](const AppendResult* r, const StoreError* e) {
          std::lock_guard lock(mutex);
          if (e || !r) {
            errors++;
          } else {
            EXPECT_TRUE(seqs[r->chat].insert(r->seq).second) << r->chat << " " << r->seq;
            EXPECT_TRUE(ids.insert(r->msg_id).second);
            for (auto& c : r->cursors) cursors[c.device].push_back(c.cursor);
          }
          done++;
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  messages().flush();
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (done < kThreads * kPerThread && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(done.load(), kThreads * kPerThread);
  EXPECT_EQ(errors.load(), 0);
  std::lock_guard lock(mutex);
  std::size_t total = 0;
  for (auto& [chat, s] : seqs) {
    total += s.size();
    EXPECT_EQ(*s.begin(), 1) << chat;
    EXPECT_EQ(*s.rbegin(), static_cast<std::int64_t>(s.size())) << chat << " has a gap";
  }
  EXPECT_EQ(total, std::size_t{kThreads * kPerThread});
  for (auto& [device, c] : cursors) {
    std::set<std::int64_t> unique(c.begin(), c.end());
    EXPECT_EQ(unique.size(), c.size()) << device;
    EXPECT_EQ(*unique.rbegin(), static_cast<std::int64_t>(c.size())) << device << " has a gap";
  }
}

TEST_P(MessageStoreConformance, SameClientIdWithinOneBatchIsADuplicate) {
  std::promise<AppendResult> first, second;
  auto w = message(kChat, "alice", "a1", "once", "hi", {to("bob", "b1")});
  messages().append(w, [&](const AppendResult* r, const StoreError*) { first.set_value(*r); });
  messages().append(w, [&](const AppendResult* r, const StoreError*) { second.set_value(*r); });
  messages().flush();
  auto f1 = first.get_future(), f2 = second.get_future();
  ASSERT_EQ(f1.wait_for(kWait), std::future_status::ready);
  ASSERT_EQ(f2.wait_for(kWait), std::future_status::ready);
  auto r1 = f1.get(), r2 = f2.get();
  EXPECT_FALSE(r1.duplicate);
  EXPECT_TRUE(r2.duplicate);
  EXPECT_EQ(r2.msg_id, r1.msg_id);
  EXPECT_EQ(r2.seq, r1.seq);
  EXPECT_EQ(r2.ts, r1.ts);
  EXPECT_THAT(r2.cursors, IsEmpty());
  EXPECT_EQ(messages().inbox("bob", "b1", 0, 10).size(), 1u);
}

TEST_P(MessageStoreConformance, SameClientIdLaterAndAfterRestartIsADuplicate) {
  auto w = message(kChat, "alice", "a1", "k1", "hi", {to("bob", "b1")});
  auto r1 = append_sync(messages(), w);
  auto r2 = append_sync(messages(), w);
  EXPECT_TRUE(r2.duplicate);
  EXPECT_EQ(r2.msg_id, r1.msg_id);
  // Another device of the same user, or another user, may reuse the client id.
  auto other = append_sync(messages(), message(kChat, "alice", "a2", "k1", "hi", {}));
  EXPECT_FALSE(other.duplicate);
  restart();
  auto r3 = append_sync(messages(), w);
  EXPECT_TRUE(r3.duplicate);
  EXPECT_EQ(r3.msg_id, r1.msg_id);
  EXPECT_EQ(r3.seq, r1.seq);
  EXPECT_EQ(messages().inbox("bob", "b1", 0, 10).size(), 1u);
}

TEST_P(MessageStoreConformance, CursorsArePerDeviceFromOne) {
  auto r1 = append_sync(messages(), message(kChat, "alice", "a1", "", "x",
                                            {to("bob", "b1"), to("bob", "b2"), to("alice", "a2")}));
  auto r2 = append_sync(messages(), message(kChat, "alice", "a1", "", "y", {to("bob", "b1")}));
  ASSERT_EQ(r1.cursors.size(), 3u);
  EXPECT_EQ(r1.cursors[0].user, "bob");
  EXPECT_EQ(r1.cursors[0].device, "b1");
  EXPECT_EQ(r1.cursors[0].cursor, 1);
  EXPECT_EQ(r1.cursors[1].cursor, 1);
  EXPECT_EQ(r1.cursors[2].cursor, 1);
  ASSERT_EQ(r2.cursors.size(), 1u);
  EXPECT_EQ(r2.cursors[0].cursor, 2);
}

TEST_P(MessageStoreConformance, InboxIsOldestFirstWithPerDeviceBodies) {
  auto w =
      message(kChat, "alice", "a1", "m1", "shared", {to("bob", "b1", "for-b1"), to("bob", "b2")});
  w.enc = "e2ee";
  auto r = append_sync(messages(), w);
  append_sync(messages(), message(kChat, "alice", "a1", "m2", "second", {to("bob", "b1")}));
  auto b1 = messages().inbox("bob", "b1", 0, 10);
  ASSERT_EQ(b1.size(), 2u);
  EXPECT_EQ(b1[0].cursor, 1);
  EXPECT_EQ(b1[0].kind, "message");
  EXPECT_EQ(b1[0].chat, kChat);
  EXPECT_EQ(b1[0].msg_id, r.msg_id);
  EXPECT_EQ(b1[0].seq, r.seq);
  EXPECT_EQ(b1[0].sender_user, "alice");
  EXPECT_EQ(b1[0].sender_device, "a1");
  EXPECT_EQ(b1[0].ts, r.ts);
  EXPECT_EQ(b1[0].enc, "e2ee");
  EXPECT_EQ(b1[0].body, "for-b1");
  EXPECT_EQ(b1[1].body, "second");
  EXPECT_EQ(b1[1].cursor, 2);
  auto b2 = messages().inbox("bob", "b2", 0, 10);
  ASSERT_EQ(b2.size(), 1u);
  EXPECT_EQ(b2[0].body, "shared");
  EXPECT_EQ(messages().inbox("bob", "b1", 1, 10).size(), 1u);
  EXPECT_EQ(messages().inbox("bob", "b1", 0, 1).size(), 1u);
  EXPECT_THAT(messages().inbox("bob", "b3", 0, 10), IsEmpty());
}

TEST_P(MessageStoreConformance, GroupPayloadIsStoredOnceAndSeenByEveryTarget) {
  std::vector<InboxTarget> targets;
  for (int i = 0; i < 5; ++i) targets.push_back(to("u" + std::to_string(i), "d"));
  auto r = append_sync(messages(), message("g:big", "alice", "a1", "g1", "payload", targets));
  auto held = messages().history("g:big", 0, 10);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].body, "payload");
  for (auto& t : targets) {
    auto in = messages().inbox(t.user, t.device, 0, 10);
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0].msg_id, r.msg_id);
    EXPECT_EQ(in[0].body, "payload");
  }
}

TEST_P(MessageStoreConformance, AckReturnsDeliveredMessagesAndEmptiesTheInbox) {
  auto m1 = append_sync(messages(), message(kChat, "alice", "a1", "m1", "x", {to("bob", "b1")}));
  auto ev = append_events_sync(messages(), {{"bob", "b1", "receipt", kChat, R"({"r":1})"}});
  auto m2 = append_sync(messages(), message(kChat, "alice", "a2", "m2", "y", {to("bob", "b1")}));
  append_sync(messages(), message(kChat, "alice", "a1", "m3", "z", {to("bob", "b1")}));
  EXPECT_EQ(messages().acked_cursor("bob", "b1"), 0);
  auto delivered = messages().ack("bob", "b1", 3);
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered[0].msg_id, m1.msg_id);
  EXPECT_EQ(delivered[0].chat, kChat);
  EXPECT_EQ(delivered[0].seq, m1.seq);
  EXPECT_EQ(delivered[0].sender_user, "alice");
  EXPECT_EQ(delivered[0].sender_device, "a1");
  EXPECT_EQ(delivered[1].msg_id, m2.msg_id);
  EXPECT_EQ(delivered[1].sender_device, "a2");
  EXPECT_EQ(messages().acked_cursor("bob", "b1"), 3);
  auto left = messages().inbox("bob", "b1", 0, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].cursor, 4);
  EXPECT_THAT(messages().ack("bob", "b1", 3), IsEmpty());
  EXPECT_THAT(messages().ack("bob", "b1", 2), IsEmpty());
  EXPECT_EQ(messages().acked_cursor("bob", "b1"), 3);
}

// Queued acks (MessageAcks) commit with the appends around them and answer as ack() does.
TEST_P(MessageStoreConformance, QueuedAcksDeliverInOrderWithTheAppendsAroundThem) {
  if (!s.acks) GTEST_SKIP() << GetParam().name << " provides no message-acks service";
  auto m1 = append_sync(messages(), message(kChat, "alice", "a1", "m1", "x", {to("bob", "b1")}));
  append_events_sync(messages(), {{"bob", "b1", "receipt", kChat, R"({"r":1})"}});
  std::promise<std::vector<Delivered>> first, second;
  s.acks->ack("bob", "b1", 2, [&](std::vector<Delivered> d, const StoreError* e) {
    if (e)
      first.set_exception(std::make_exception_ptr(*e));
    else
      first.set_value(std::move(d));
  });
  // Queued behind the ack: must not be dropped by it.
  auto m2 = append_sync(messages(), message(kChat, "alice", "a2", "m2", "y", {to("bob", "b1")}));
  s.acks->ack("bob", "b1", 2, [&](std::vector<Delivered> d, const StoreError* e) {
    if (e)
      second.set_exception(std::make_exception_ptr(*e));
    else
      second.set_value(std::move(d));
  });
  auto delivered = first.get_future().get();
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].msg_id, m1.msg_id);
  EXPECT_EQ(delivered[0].sender_device, "a1");
  EXPECT_THAT(second.get_future().get(), IsEmpty());
  EXPECT_EQ(messages().acked_cursor("bob", "b1"), 2);
  auto left = messages().inbox("bob", "b1", 0, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].msg_id, m2.msg_id);
  restart();
  EXPECT_EQ(messages().acked_cursor("bob", "b1"), 2);
}

TEST_P(MessageStoreConformance, EventsShareTheDeviceCursors) {
  append_sync(messages(), message(kChat, "alice", "a1", "", "x", {to("bob", "b1")}));
  auto cursors = append_events_sync(messages(), {{"bob", "b1", "receipt", kChat, R"({"a":1})"},
                                                 {"bob", "b2", "group", "g:g1", R"({"b":2})"}});
  ASSERT_EQ(cursors.size(), 2u);
  EXPECT_EQ(cursors[0].cursor, 2);
  EXPECT_EQ(cursors[1].device, "b2");
  EXPECT_EQ(cursors[1].cursor, 1);
  auto in = messages().inbox("bob", "b1", 1, 10);
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].kind, "receipt");
  EXPECT_EQ(in[0].chat, kChat);
  EXPECT_EQ(in[0].payload, R"({"a":1})");
  EXPECT_EQ(messages().inbox("bob", "b2", 0, 10)[0].kind, "group");
}

TEST_P(MessageStoreConformance, HistoryIsNewestFirstBeforeSeq) {
  for (int i = 1; i <= 5; ++i)
    append_sync(messages(), message(kChat, "alice", "a1", "", "m" + std::to_string(i), {}));
  auto all = messages().history(kChat, 0, 10);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].seq, 5);
  EXPECT_EQ(all[0].body, "m5");
  EXPECT_EQ(all[0].kind, "message");
  EXPECT_EQ(all[0].sender_user, "alice");
  EXPECT_EQ(all[4].seq, 1);
  auto page = messages().history(kChat, 4, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].seq, 3);
  EXPECT_EQ(page[1].seq, 2);
  EXPECT_THAT(messages().history("d:nobody:else", 0, 10), IsEmpty());
}

TEST_P(MessageStoreConformance, MarkReadReturnsTheSendersNewlyCovered) {
  append_sync(messages(), message("g:g", "alice", "a1", "", "1", {}));
  append_sync(messages(), message("g:g", "bob", "b1", "", "2", {}));
  append_sync(messages(), message("g:g", "carol", "c1", "", "3", {}));
  append_sync(messages(), message("g:g", "alice", "a1", "", "4", {}));
  EXPECT_THAT(messages().mark_read("g:g", "carol", 2), ElementsAre("alice", "bob"));
  EXPECT_THAT(messages().mark_read("g:g", "carol", 2), IsEmpty());
  EXPECT_THAT(messages().mark_read("g:g", "carol", 1), IsEmpty());
  EXPECT_THAT(messages().mark_read("g:g", "carol", 4), ElementsAre("alice"));
  EXPECT_THAT(messages().mark_read("g:g", "bob", 4), ElementsAre("alice", "carol"));
}

TEST_P(MessageStoreConformance, FlushWaitsForEverythingAppendedBefore) {
  std::atomic<int> done{0};
  for (int i = 0; i < 300; ++i)
    messages().append(message(kChat, "alice", "a1", "", "x", {to("bob", "b1")}),
                      [&](const AppendResult*, const StoreError*) { done++; });
  messages().flush();
  EXPECT_EQ(done.load(), 300);
  EXPECT_EQ(messages().inbox("bob", "b1", 0, 1000).size(), 300u);
}

TEST_P(MessageStoreConformance, RestartContinuesSeqAndCursors) {
  append_sync(messages(), message(kChat, "alice", "a1", "", "x", {to("bob", "b1")}));
  append_sync(messages(), message(kChat, "alice", "a1", "", "y", {to("bob", "b1")}));
  append_events_sync(messages(), {{"bob", "b2", "receipt", kChat, "{}"}});
  restart();
  auto r = append_sync(messages(),
                       message(kChat, "alice", "a1", "", "z", {to("bob", "b1"), to("bob", "b2")}));
  EXPECT_EQ(r.seq, 3);
  ASSERT_EQ(r.cursors.size(), 2u);
  EXPECT_EQ(r.cursors[0].cursor, 3);
  EXPECT_EQ(r.cursors[1].cursor, 2);
}

TEST_P(MessageStoreConformance, RestartAfterEverythingWasDeliveredAndSweptNeverReuses) {
  append_sync(messages(), message(kChat, "alice", "a1", "", "x", {to("bob", "b1")}));
  append_sync(messages(), message(kChat, "alice", "a1", "", "y", {to("bob", "b1")}));
  messages().ack("bob", "b1", 2);
  EXPECT_EQ(messages().sweep(0, Retention::until_delivered, 0), 2);
  EXPECT_THAT(messages().history(kChat, 0, 10), IsEmpty());
  restart();
  auto r = append_sync(messages(), message(kChat, "alice", "a1", "", "z", {to("bob", "b1")}));
  EXPECT_EQ(r.seq, 3);
  ASSERT_EQ(r.cursors.size(), 1u);
  EXPECT_EQ(r.cursors[0].cursor, 3);
  EXPECT_EQ(messages().acked_cursor("bob", "b1"), 2);
}

TEST_P(MessageStoreConformance, AcksAndReadsRaceWithAppends) {
  constexpr int kMessages = 400;
  std::atomic<int> done{0}, errors{0};
  std::thread producer([&] {
    for (int i = 0; i < kMessages; ++i)
      messages().append(
          message(kChat, "alice", "a1", "r" + std::to_string(i), "x", {to("bob", "b1")}),
          [&](const AppendResult*, const StoreError* e) {
            if (e) errors++;
            done++;
          });
  });
  std::size_t delivered = 0;
  std::int64_t acked = 0, last_seq = 0;
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (delivered < kMessages && std::chrono::steady_clock::now() < deadline) {
    auto in = messages().inbox("bob", "b1", acked, 50);
    if (in.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    for (auto& e : in) {
      EXPECT_EQ(e.seq, last_seq + 1);  // one chat, one sender thread: inbox order is seq order
      last_seq = e.seq;
    }
    auto d = messages().ack("bob", "b1", in.back().cursor);
    EXPECT_EQ(d.size(), in.size());
    delivered += d.size();
    acked = in.back().cursor;
  }
  producer.join();
  messages().flush();
  EXPECT_EQ(done.load(), kMessages);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(delivered, std::size_t{kMessages});
  EXPECT_EQ(messages().acked_cursor("bob", "b1"), kMessages);
  EXPECT_THAT(messages().inbox("bob", "b1", 0, 10), IsEmpty());
}

}  // namespace
}  // namespace sb::conformance
