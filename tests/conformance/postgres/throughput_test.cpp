// SPDX-License-Identifier: Apache-2.0
// Not a check: measures appends/s through each store's group commit (8 sender threads, 100
// chats, 2 inbox targets per message). Disabled by default; run it with
//   scripts/pg run -- build/bin/sb_postgres_tests --gtest_also_run_disabled_tests
//     --gtest_filter='Throughput.*'
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "postgres_factory.hpp"
#include "sqlite_factory.hpp"

namespace sb::conformance {
namespace {

double appends_per_second(MessageStore& store, int total) {
  constexpr int kThreads = 8;
  std::atomic<int> done{0}, errors{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < total; i += kThreads)
        store.append(message("g:c" + std::to_string(i % 100), "u" + std::to_string(t), "d",
                             "m" + std::to_string(i), R"({"text":"hello there"})",
                             {{"r" + std::to_string(i % 50), "d1", ""}, {"s", "d1", ""}}),
                     [&](const AppendResult*, const StoreError* e) {
                       if (e) errors++;
                       done++;
                     });
    });
  for (auto& t : threads) t.join();
  store.flush();
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(done.load(), total);
  EXPECT_EQ(errors.load(), 0);
  return total / seconds;
}

TEST(Throughput, DISABLED_AppendsPerSecondThroughGroupCommit) {
  constexpr int kTotal = 40000;
  for (int round = 0; round < 2; ++round) {
    {
      SqliteFactory sqlite;  // max_batch = 64
      auto s = sqlite.open();
      std::cout << "[ measure  ] store-sqlite, max_batch 64: "
                << static_cast<long>(appends_per_second(*s.messages, kTotal)) << " appends/s\n";
      s = {};
    }
    for (auto batch : {64, 1024}) {
      PostgresFactory pg("max_batch = " + std::to_string(batch));
      auto s = pg.open();
      std::cout << "[ measure  ] store-postgres, max_batch " << batch << ": "
                << static_cast<long>(appends_per_second(*s.messages, kTotal)) << " appends/s\n";
      s = {};
    }
  }
}

}  // namespace
}  // namespace sb::conformance
