// SPDX-License-Identifier: Apache-2.0
// store-postgres only: two plugin instances on one database behave as two nodes. Starting
// together they migrate once; senders on both keep every chat's seq and every device's
// cursors gap-free and unique; a client id sent through both is stored once; prekey fetches
// on both never share a one-time key; acks on one node, direct or queued through the writer,
// race appends on the other without losing or repeating an inbox row.
#include <gmock/gmock.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "postgres_factory.hpp"

namespace sb::conformance {
namespace {

struct TwoNodes {
  PostgresFactory a, b;
  StoreSet sa, sb;
  TwoNodes() {
    b.use_database_of(a);
    // Both start at once: the advisory lock makes one wait for the other's migrations.
    std::exception_ptr failed;
    std::thread start_b([&] {
      try {
        sb = b.open();
      } catch (...) {
        failed = std::current_exception();
      }
    });
    sa = a.open();
    start_b.join();
    if (failed) std::rethrow_exception(failed);
  }
  ~TwoNodes() {
    sa = {};
    sb = {};
    b.close();
    a.close();
  }
};

TEST(PostgresNodes, StartingTogetherMigratesOnce) {
  TwoNodes nodes;
  auto versions = pg_admin_value(nodes.a.dsn(), "SELECT count(*) FROM schema_version");
  auto distinct =
      pg_admin_value(nodes.a.dsn(), "SELECT count(DISTINCT version) FROM schema_version");
  EXPECT_EQ(versions, distinct);
  EXPECT_NE(versions, "0");
}

TEST(PostgresNodes, ConcurrentSendersOnTwoNodesKeepSeqAndCursorsGapFree) {
  TwoNodes nodes;
  constexpr int kThreadsPerNode = 2, kPerThread = 150;
  std::mutex mutex;
  std::map<std::string, std::set<std::int64_t>> seqs;
  std::map<std::string, std::vector<std::int64_t>> cursors;
  std::set<std::string> ids;
  std::atomic<int> done{0}, errors{0};
  std::vector<std::thread> threads;
  for (int node = 0; node < 2; ++node) {
    auto store = node == 0 ? nodes.sa.messages : nodes.sb.messages;
    for (int t = 0; t < kThreadsPerNode; ++t) {
      threads.emplace_back([&, store, node, t] {
        for (int i = 0; i < kPerThread; ++i) {
          auto chat = "g:c" + std::to_string(i % 3);
          auto sender = "n" + std::to_string(node) + "t" + std::to_string(t);
          auto w = message(chat, sender, "d", "m" + std::to_string(i), "b",
                           {{"r", "d1", ""}, {"r", "d2", ""}});
          store->append(std::move(w), [&](const AppendResult* r, const StoreError* e) {
            std::lock_guard lock(mutex);
            if (e || !r) {
              errors++;
            } else {
              EXPECT_TRUE(seqs[r->chat].insert(r->seq).second) << r->chat << " " << r->seq;
              EXPECT_TRUE(ids.insert(r->msg_id).second) << r->msg_id;
              for (auto& c : r->cursors) cursors[c.device].push_back(c.cursor);
            }
            done++;
          });
        }
      });
    }
  }
  for (auto& t : threads) t.join();
  nodes.sa.messages->flush();
  nodes.sb.messages->flush();
  constexpr int kTotal = 2 * kThreadsPerNode * kPerThread;
  ASSERT_EQ(done.load(), kTotal);
  EXPECT_EQ(errors.load(), 0);
  std::lock_guard lock(mutex);
  std::size_t total = 0;
  for (auto& [chat, s] : seqs) {
    total += s.size();
    EXPECT_EQ(*s.begin(), 1) << chat;
    EXPECT_EQ(*s.rbegin(), static_cast<std::int64_t>(s.size())) << chat << " has a gap";
  }
  EXPECT_EQ(total, std::size_t{kTotal});
  for (auto& [device, c] : cursors) {
    std::set<std::int64_t> unique(c.begin(), c.end());
    EXPECT_EQ(unique.size(), c.size()) << device;
    EXPECT_EQ(*unique.rbegin(), static_cast<std::int64_t>(c.size())) << device << " has a gap";
  }
  // Either node reads what both wrote, in cursor order.
  auto in = nodes.sb.messages->inbox("r", "d1", 0, kTotal + 10);
  ASSERT_EQ(in.size(), std::size_t{kTotal});
  for (std::size_t i = 0; i < in.size(); ++i)
    EXPECT_EQ(in[i].cursor, static_cast<std::int64_t>(i + 1));
}

TEST(PostgresNodes, AClientIdSentThroughBothNodesIsStoredOnce) {
  TwoNodes nodes;
  for (int round = 0; round < 20; ++round) {
    auto w = message("d:a:b", "a", "a1", "k" + std::to_string(round), "x", {{"b", "b1", ""}});
    AppendResult ra, rb;
    std::thread ta([&] { ra = append_sync(*nodes.sa.messages, w); });
    std::thread tb([&] { rb = append_sync(*nodes.sb.messages, w); });
    ta.join();
    tb.join();
    EXPECT_NE(ra.duplicate, rb.duplicate) << "round " << round;
    EXPECT_EQ(ra.msg_id, rb.msg_id);
    EXPECT_EQ(ra.seq, round + 1);
  }
  EXPECT_EQ(nodes.sa.messages->history("d:a:b", 0, 100).size(), 20u);
  EXPECT_EQ(nodes.sa.messages->inbox("b", "b1", 0, 100).size(), 20u);
}

TEST(PostgresNodes, PrekeyFetchesOnTwoNodesNeverShareAOneTimeKey) {
  TwoNodes nodes;
  constexpr int kKeys = 40;
  DeviceKeys k{"identity", {7, "spk", "sig"}, PreKey{999, "lr"}, {}};
  for (int i = 1; i <= kKeys; ++i) k.one_time.push_back({i, "k" + std::to_string(i)});
  nodes.sa.keys->upload("alice", "d1", k);
  std::mutex mutex;
  std::multiset<std::int64_t> taken;
  int fallbacks = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      auto& store = t % 2 == 0 ? *nodes.sa.keys : *nodes.sb.keys;
      for (int i = 0; i < kKeys / 4 + 2; ++i) {
        auto b = store.take_bundles("alice");
        std::lock_guard lock(mutex);
        if (b.at(0).last_resort)
          fallbacks++;
        else
          taken.insert(b.at(0).one_time->id);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(taken.size(), std::size_t{kKeys});
  EXPECT_EQ(std::set<std::int64_t>(taken.begin(), taken.end()).size(), std::size_t{kKeys});
  EXPECT_EQ(fallbacks, 8);
}

TEST(PostgresNodes, AcksOnOneNodeRaceAppendsOnTheOther) {
  TwoNodes nodes;
  constexpr int kMessages = 300;
  std::atomic<int> errors{0};
  std::thread producer([&] {
    for (int i = 0; i < kMessages; ++i)
      nodes.sa.messages->append(
          message("d:a:b", "a", "a1", "r" + std::to_string(i), "x", {{"b", "b1", ""}}),
          [&](const AppendResult*, const StoreError* e) {
            if (e) errors++;
          });
  });
  std::size_t delivered = 0;
  std::int64_t acked = 0;
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (delivered < kMessages && std::chrono::steady_clock::now() < deadline) {
    auto in = nodes.sb.messages->inbox("b", "b1", acked, 50);
    if (in.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    delivered += nodes.sb.messages->ack("b", "b1", in.back().cursor).size();
    acked = in.back().cursor;
  }
  producer.join();
  nodes.sa.messages->flush();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(delivered, std::size_t{kMessages});
  EXPECT_EQ(nodes.sa.messages->acked_cursor("b", "b1"), kMessages);
}

TEST(PostgresNodes, QueuedAcksOnOneNodeRaceAppendsOnTheOther) {
  TwoNodes nodes;
  ASSERT_TRUE(nodes.sa.acks) << "store-postgres provides message-acks";
  constexpr int kPerNode = 300;
  constexpr std::size_t kTotal = 2 * kPerNode;
  std::mutex mutex;
  std::set<std::string> sent;
  std::multiset<std::string> delivered;
  int pending = 0;
  std::condition_variable settled;
  std::atomic<int> errors{0};
  // Both nodes send to bob's b1 and carol's c1: node A's batches mix its own appends (two
  // counter rows each) with the acks of b1, node B's lock the same rows.
  auto produce = [&](MessageStore& store, const std::string& sender) {
    for (int i = 0; i < kPerNode; ++i) {
      // Paced, so that the appends keep coming while bob acks.
      if (i % 4 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      store.append(message("g:race", sender, "d", "r" + std::to_string(i), "x",
                           {{"b", "b1", ""}, {"c", "c1", ""}}),
                   [&](const AppendResult* r, const StoreError* e) {
                     std::lock_guard lock(mutex);
                     if (e || !r)
                       errors++;
                     else
                       sent.insert(r->msg_id);
                   });
    }
  };
  std::thread on_b([&] { produce(*nodes.sb.messages, "nb"); });
  std::thread on_a([&] { produce(*nodes.sa.messages, "na"); });
  auto queue_ack = [&](std::int64_t cursor) {
    {
      std::lock_guard lock(mutex);
      pending++;
    }
    nodes.sa.acks->ack("b", "b1", cursor, [&](std::vector<Delivered> d, const StoreError* e) {
      std::lock_guard lock(mutex);
      if (e) errors++;
      for (auto& m : d) {
        EXPECT_EQ(m.sender_device, "d");
        delivered.insert(m.msg_id);
      }
      pending--;
      settled.notify_all();
    });
  };
  // bob reads on node A and acks without waiting; each ack is queued twice (the repeat, in
  // the same or the next batch, must deliver nothing again), and acks keep queueing while
  // earlier ones are still uncommitted.
  std::int64_t acked = 0;
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex);
      if (delivered.size() >= kTotal) break;
    }
    auto in = nodes.sa.messages->inbox("b", "b1", acked, 50);
    if (in.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    acked = in.back().cursor;
    queue_ack(acked);
    queue_ack(acked);
  }
  on_a.join();
  on_b.join();
  nodes.sa.messages->flush();
  nodes.sb.messages->flush();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(settled.wait_for(lock, kWait, [&] { return pending == 0; }));
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(sent.size(), kTotal);
    EXPECT_EQ(delivered.size(), kTotal) << "an inbox row was lost or acked twice";
    EXPECT_EQ(std::set<std::string>(delivered.begin(), delivered.end()), sent);
  }
  EXPECT_EQ(acked, static_cast<std::int64_t>(kTotal));
  EXPECT_EQ(nodes.sb.messages->acked_cursor("b", "b1"), static_cast<std::int64_t>(kTotal));
  EXPECT_THAT(nodes.sb.messages->inbox("b", "b1", 0, 10), ::testing::IsEmpty());
  EXPECT_EQ(nodes.sb.messages->inbox("c", "c1", 0, kTotal + 10).size(), kTotal);
}

}  // namespace
}  // namespace sb::conformance
