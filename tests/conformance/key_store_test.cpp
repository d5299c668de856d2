// SPDX-License-Identifier: Apache-2.0
// KeyStore conformance: one bundle per device, one-time prekeys consumed once (also under
// concurrent fetches), last-resort fallback and remaining counts.
#include <gmock/gmock.h>

#include <mutex>
#include <set>
#include <thread>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

DeviceKeys keys(std::int64_t first, int count, bool last_resort = true) {
  DeviceKeys k{"identity", {7, "spk", "sig"}, std::nullopt, {}};
  if (last_resort) k.last_resort = PreKey{999, "lr"};
  for (int i = 0; i < count; ++i)
    k.one_time.push_back({first + i, "k" + std::to_string(first + i)});
  return k;
}

TEST_P(KeyStoreConformance, BundlesConsumeOneTimeKeysThenFallBack) {
  auto& k = *s.keys;
  k.upload("alice", "d1", keys(1, 2));
  k.upload("alice", "d2", keys(10, 0, false));
  EXPECT_EQ(k.one_time_count("alice", "d1"), 2);
  auto b = k.take_bundles("alice");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].device, "d1");
  EXPECT_EQ(b[0].identity_key, "identity");
  EXPECT_EQ(b[0].signed_prekey.id, 7);
  EXPECT_EQ(b[0].signed_prekey.signature, "sig");
  ASSERT_TRUE(b[0].one_time);
  EXPECT_FALSE(b[0].last_resort);
  EXPECT_EQ(b[0].remaining, 1);
  EXPECT_EQ(b[1].device, "d2");
  EXPECT_FALSE(b[1].one_time);  // no one-time keys and no last resort
  EXPECT_EQ(b[1].remaining, 0);
  auto first = b[0].one_time->id;
  b = k.take_bundles("alice");
  ASSERT_TRUE(b[0].one_time);
  EXPECT_NE(b[0].one_time->id, first);
  EXPECT_EQ(b[0].remaining, 0);
  b = k.take_bundles("alice");
  ASSERT_TRUE(b[0].one_time);
  EXPECT_TRUE(b[0].last_resort);
  EXPECT_EQ(b[0].one_time->id, 999);
  EXPECT_EQ(b[0].one_time->key, "lr");
  EXPECT_TRUE(k.take_bundles("nobody").empty());
}

TEST_P(KeyStoreConformance, UploadAppendsAndKeepsTheLastResort) {
  auto& k = *s.keys;
  k.upload("alice", "d1", keys(1, 2));
  k.upload("alice", "d1", keys(2, 2, false));  // id 2 replaced, 3 added, last resort kept
  EXPECT_EQ(k.one_time_count("alice", "d1"), 3);
  for (int i = 0; i < 3; ++i) k.take_bundles("alice");
  auto b = k.take_bundles("alice");
  ASSERT_TRUE(b[0].one_time);
  EXPECT_TRUE(b[0].last_resort);
  EXPECT_EQ(b[0].one_time->id, 999);
}

TEST_P(KeyStoreConformance, ConcurrentFetchesNeverShareAOneTimeKey) {
  auto& k = *s.keys;
  constexpr int kKeys = 40, kThreads = 4;
  k.upload("alice", "d1", keys(1, kKeys));
  std::mutex mutex;
  std::multiset<std::int64_t> taken;
  int fallbacks = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kKeys / kThreads + 2; ++i) {
        auto b = k.take_bundles("alice");
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
  EXPECT_EQ(fallbacks, kThreads * 2);
  EXPECT_EQ(k.one_time_count("alice", "d1"), 0);
}

}  // namespace
}  // namespace sb::conformance
