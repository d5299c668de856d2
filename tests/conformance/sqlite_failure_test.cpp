// SPDX-License-Identifier: Apache-2.0
// store-sqlite only: a commit that fails (another process holds the write lock past
// busy_timeout_ms) fails every append of its batch with `unavailable`, reports degraded
// health, and rolls the counters back so later messages stay gap-free.
#include <gmock/gmock.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sqlite_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::HasSubstr;

TEST(SqliteStore, FailedCommitFailsTheBatchAndRollsCountersBack) {
  SqliteFactory factory("busy_timeout_ms = 50");
  auto s = factory.open();
  auto chat = std::string("d:alice:bob");
  auto w = message(chat, "alice", "a1", "", "x", {{"bob", "b1", ""}});
  EXPECT_EQ(append_sync(*s.messages, w).seq, 1);

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(factory.db_path().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  for (int i = 0; i < 3; ++i) {
    try {
      append_sync(*s.messages, w);
      ADD_FAILURE() << "append committed while another process held the write lock";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::unavailable);
      EXPECT_THAT(e.what(), HasSubstr("locked"));
    }
  }
  EXPECT_EQ(factory.health_state(), "degraded");
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);

  auto r = append_sync(*s.messages, w);
  EXPECT_EQ(r.seq, 2);
  ASSERT_EQ(r.cursors.size(), 1u);
  EXPECT_EQ(r.cursors[0].cursor, 2);
  EXPECT_EQ(factory.health_state(), "ok");
  EXPECT_EQ(s.messages->inbox("bob", "b1", 0, 10).size(), 2u);
  s = {};
}

// Admission control: with max_queue writes waiting, a new message is refused at once with
// `unavailable` naming the limit; what was queued commits once the writer moves again.
TEST(SqliteStore, AFullQueueRefusesNewMessagesAtOnceAndKeepsTheQueuedOnes) {
  SqliteFactory factory("busy_timeout_ms = 5000\nmax_queue = 3");
  auto s = factory.open();
  auto w = message("d:alice:bob", "alice", "a1", "", "x", {{"bob", "b1", ""}});
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(factory.db_path().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::atomic<int> committed{0};
  auto count = [&](const AppendResult* r, const StoreError*) {
    if (r) ++committed;
  };
  s.messages->append(w, count);  // the writer takes it and waits for the lock
  // Let the writer dequeue it: the queue is then empty and the next three fill it.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (int i = 0; i < 3; ++i) s.messages->append(w, count);
  std::string refused;
  s.messages->append(w, [&](const AppendResult* r, const StoreError* e) {
    EXPECT_EQ(r, nullptr);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->kind(), StoreError::Kind::unavailable);
    refused = e->what();
  });
  EXPECT_THAT(refused, HasSubstr("max_queue 3"));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  s.messages->flush();
  EXPECT_EQ(committed.load(), 4);
  EXPECT_EQ(s.messages->inbox("bob", "b1", 0, 10).size(), 4u);
  s = {};
}

TEST(SqliteStore, AppendAfterStopFailsAtOnce) {
  SqliteFactory factory;
  auto s = factory.open();
  auto messages = s.messages;
  s = {};
  factory.close();
  bool called = false;
  messages->append(message("d:a:b", "a", "d", "", "x", {}),
                   [&](const AppendResult* r, const StoreError* e) {
                     called = true;
                     EXPECT_EQ(r, nullptr);
                     ASSERT_NE(e, nullptr);
                     EXPECT_EQ(e->kind(), StoreError::Kind::unavailable);
                   });
  EXPECT_TRUE(called);
  messages->flush();  // returns: nothing is pending and the writer is gone
}

// The chat list's updates ride in the writer's batches: recording one does not wait for the
// write lock, a read afterwards sees it, and a failed upsert fails none of the batch's
// messages (docs/performance.md, round 3).
TEST(SqliteStore, ChatListUpdatesRideInTheWritersBatches) {
  SqliteFactory factory("busy_timeout_ms = 5000");
  auto s = factory.open();
  ASSERT_TRUE(s.chat_list);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(factory.db_path().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto start = std::chrono::steady_clock::now();
  s.chat_list->record_message({"d:alice:bob", "d:alice:bob/1", 1, "bob", 100}, {"alice", "bob"});
  s.chat_list->record_read("alice", "d:alice:bob", 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1))
      << "recording waited for the write lock";
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  auto list = s.chat_list->chat_list("alice", 10);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].last_seq, 1);
  EXPECT_EQ(list[0].read_seq, 1);
  EXPECT_EQ(list[0].unread, 0);

  // An upsert that fails (its table is gone) costs only itself.
  ASSERT_EQ(sqlite3_exec(other, "DROP TABLE chat_list", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  s.chat_list->record_message({"d:alice:bob", "d:alice:bob/2", 2, "bob", 110}, {"alice"});
  auto r =
      append_sync(*s.messages, message("d:alice:bob", "bob", "b1", "", "x", {{"alice", "a1", ""}}));
  EXPECT_EQ(r.seq, 1);
  EXPECT_EQ(factory.health_state(), "ok");
  EXPECT_EQ(s.messages->inbox("alice", "a1", 0, 10).size(), 1u);
  s = {};
}

TEST(SqliteStore, RefusesADatabaseAnotherInstanceHasOpen) {
  SqliteFactory first, second;
  auto s = first.open();
  second.use_db_path(first.db_path());
  try {
    second.open();
    ADD_FAILURE() << "a second store opened the same database";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("in use by another process"));
  }
  s = {};
  first.close();
  second.close();
  auto again = second.open();  // the lock went with the first instance
  EXPECT_TRUE(again.messages);
}

}  // namespace
}  // namespace sb::conformance
