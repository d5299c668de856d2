// SPDX-License-Identifier: Apache-2.0
// Retention conformance: until_delivered drops fully delivered messages and, past the ttl,
// undelivered ones; keep drops only what expired; expires_ms applies in both modes; acked
// inbox rows go in every mode.
#include <gmock/gmock.h>

#include <atomic>
#include <chrono>
#include <future>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::IsEmpty;

const std::string kChat = "d:alice:bob";

MessageWrite to_bob(std::string body, std::int64_t expires_ms = 0) {
  auto w = message(kChat, "alice", "a1", "", std::move(body), {{"bob", "b1", ""}});
  w.expires_ms = expires_ms;
  return w;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

TEST_P(RetentionConformance, UntilDeliveredDropsOnlyFullyDeliveredMessages) {
  append_sync(messages(), to_bob("1"));
  auto w2 = to_bob("2");
  w2.targets.push_back({"bob", "b2", ""});
  append_sync(messages(), w2);
  append_sync(messages(), to_bob("3"));
  messages().ack("bob", "b1", 2);  // m2 still waits for b2
  auto day = std::int64_t{24} * 3600 * 1000;
  EXPECT_EQ(messages().sweep(now_ms(), Retention::until_delivered, 30 * day), 1);
  auto held = messages().history(kChat, 0, 10);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].seq, 3);
  EXPECT_EQ(held[1].seq, 2);
  EXPECT_EQ(messages().inbox("bob", "b2", 0, 10).size(), 1u);
  messages().ack("bob", "b2", 1);
  EXPECT_EQ(messages().sweep(now_ms(), Retention::until_delivered, 30 * day), 1);
  EXPECT_EQ(messages().history(kChat, 0, 10).size(), 1u);
}

// A store may sweep in chunks (store-sqlite: 500 per kind per writer batch); one call still
// removes everything due, and nothing that is not.
TEST_P(RetentionConformance, ASweepRemovesEverythingDueAcrossChunks) {
  constexpr int kDelivered = 1300;
  for (int i = 0; i < kDelivered; ++i) append_sync(messages(), to_bob(std::to_string(i)));
  append_sync(messages(), to_bob("kept"));
  messages().ack("bob", "b1", kDelivered);
  auto day = std::int64_t{24} * 3600 * 1000;
  EXPECT_EQ(messages().sweep(now_ms(), Retention::until_delivered, 30 * day), kDelivered);
  auto held = messages().history(kChat, 0, 10);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].seq, kDelivered + 1);
  EXPECT_EQ(messages().sweep(now_ms(), Retention::until_delivered, 30 * day), 0);
}

// Acks only move each device's cursor; the sweep deletes the acked inbox rows (store-sqlite:
// at most 2,000 per chunk) before it counts a message delivered everywhere. A group message
// to more devices than one chunk holds still goes in one sweep call.
TEST_P(RetentionConformance, ASweepDeletesMoreAckedRowsThanOneChunk) {
  constexpr int kDevices = 5100;
  auto w = message("g:big", "alice", "a1", "", "to all", {});
  for (int i = 0; i < kDevices; ++i) w.targets.push_back({"u" + std::to_string(i), "d", ""});
  auto stored = append_sync(messages(), w);
  ASSERT_EQ(stored.cursors.size(), static_cast<std::size_t>(kDevices));
  std::atomic<int> left{kDevices};
  std::promise<void> all;
  for (auto& c : stored.cursors) {
    if (!s.acks) {
      messages().ack(c.user, c.device, c.cursor);
      continue;
    }
    s.acks->ack(c.user, c.device, c.cursor, [&](std::vector<Delivered>, const StoreError* e) {
      if (e) {
        ADD_FAILURE() << e->what();
      }
      if (--left == 0) all.set_value();
    });
  }
  if (s.acks) {
    ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
  }
  EXPECT_THAT(messages().inbox("u0", "d", 0, 10), IsEmpty());
  auto day = std::int64_t{24} * 3600 * 1000;
  EXPECT_EQ(messages().sweep(now_ms(), Retention::until_delivered, 30 * day), 1);
  EXPECT_THAT(messages().history("g:big", 0, 10), IsEmpty());
  // The cursors stay where the acks left them, also after a restart.
  restart();
  EXPECT_EQ(messages().acked_cursor("u5099", "d"), 1);
  EXPECT_EQ(append_sync(messages(), message("g:big", "alice", "a1", "", "next", {{"u1", "d", ""}}))
                .cursors.at(0)
                .cursor,
            2);
}

// Under keep, acked rows go from the inbox too, the messages stay.
TEST_P(RetentionConformance, KeepSweepsAckedInboxRowsButKeepsTheMessages) {
  append_sync(messages(), to_bob("1"));
  append_sync(messages(), to_bob("2"));
  messages().ack("bob", "b1", 1);
  auto day = std::int64_t{24} * 3600 * 1000;
  EXPECT_EQ(messages().sweep(now_ms(), Retention::keep, 30 * day), 0);
  EXPECT_EQ(messages().history(kChat, 0, 10).size(), 2u);
  auto left = messages().inbox("bob", "b1", 0, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].seq, 2);
  restart();
  EXPECT_EQ(messages().inbox("bob", "b1", 0, 10).size(), 1u);
  EXPECT_THAT(messages().ack("bob", "b1", 1), IsEmpty());
  EXPECT_EQ(messages().ack("bob", "b1", 2).size(), 1u);
}

TEST_P(RetentionConformance, UntilDeliveredDropsUndeliveredPastTheTtl) {
  auto r = append_sync(messages(), to_bob("old"));
  append_events_sync(messages(), {{"bob", "b1", "receipt", kChat, "{}"}});
  EXPECT_EQ(messages().sweep(r.ts + 1000, Retention::until_delivered, 5000), 0);
  EXPECT_EQ(messages().inbox("bob", "b1", 0, 10).size(), 2u);
  EXPECT_EQ(messages().sweep(r.ts + 60000, Retention::until_delivered, 5000), 1);
  EXPECT_THAT(messages().history(kChat, 0, 10), IsEmpty());
  EXPECT_THAT(messages().inbox("bob", "b1", 0, 10), IsEmpty());
  // Cursors go on after the swept ones.
  auto next = append_sync(messages(), to_bob("new"));
  EXPECT_EQ(next.seq, 2);
  EXPECT_EQ(next.cursors.at(0).cursor, 3);
}

TEST_P(RetentionConformance, KeepDropsOnlyExpiredMessages) {
  auto r = append_sync(messages(), to_bob("kept"));
  messages().ack("bob", "b1", 1);
  append_sync(messages(), to_bob("expiring", r.ts + 1000));
  EXPECT_EQ(messages().sweep(r.ts + 500, Retention::keep, 1), 0);
  EXPECT_EQ(messages().history(kChat, 0, 10).size(), 2u);
  EXPECT_EQ(messages().sweep(r.ts + 2000, Retention::keep, 1), 1);
  auto held = messages().history(kChat, 0, 10);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].body, "kept");
  EXPECT_THAT(messages().inbox("bob", "b1", 0, 10), IsEmpty());
}

TEST_P(RetentionConformance, ExpiredMessagesGoUndeliveredToo) {
  auto r = append_sync(messages(), to_bob("vanishing", 1));
  auto day = std::int64_t{24} * 3600 * 1000;
  EXPECT_EQ(messages().sweep(r.ts, Retention::until_delivered, 30 * day), 1);
  EXPECT_THAT(messages().inbox("bob", "b1", 0, 10), IsEmpty());
  EXPECT_THAT(messages().history(kChat, 0, 10), IsEmpty());
}

TEST_P(RetentionConformance, MarkReadOnSweptMessagesReturnsNothing) {
  append_sync(messages(), message(kChat, "alice", "a1", "", "x", {}));
  EXPECT_EQ(messages().sweep(now_ms(), Retention::until_delivered, 0), 1);
  EXPECT_THAT(messages().mark_read(kChat, "bob", 1), IsEmpty());
}

}  // namespace
}  // namespace sb::conformance
