// SPDX-License-Identifier: Apache-2.0
// The core's read cache: hits within the ttl, expiry, invalidation, and a read that raced a
// write never being kept.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "kernel/core/read_cache.hpp"

namespace sb::core {
namespace {

using namespace std::chrono_literals;

TEST(ReadCache, ServesAValueUntilItsTtlRunsOut) {
  ReadCache<int> cache(50ms, 10);
  int loads = 0;
  auto load = [&] { return ++loads; };
  EXPECT_EQ(cache.get("k", load), 1);
  EXPECT_EQ(cache.get("k", load), 1);
  std::this_thread::sleep_for(60ms);
  EXPECT_EQ(cache.get("k", load), 2);
}

TEST(ReadCache, InvalidateMakesTheNextReadLoad) {
  ReadCache<int> cache(10s, 10);
  int loads = 0;
  auto load = [&] { return ++loads; };
  cache.get("k", load);
  cache.invalidate("k");
  EXPECT_EQ(cache.get("k", load), 2);
  EXPECT_EQ(cache.get("other", load), 3);
  cache.clear();
  EXPECT_EQ(cache.get("other", load), 4);
}

TEST(ReadCache, AValueReadBeforeAnInvalidationIsNotKept) {
  ReadCache<int> cache(10s, 10);
  // The load sees the old value; a write and its invalidation land while it runs.
  EXPECT_EQ(cache.get("k",
                      [&] {
                        cache.invalidate("k");
                        return 1;
                      }),
            1);
  EXPECT_EQ(cache.get("k", [] { return 2; }), 2);
  EXPECT_EQ(cache.get("k", [] { return 3; }), 2);
}

TEST(ReadCache, KeepDecidesWhatIsStored) {
  ReadCache<int> cache(10s, 10);
  auto keep_positive = [](int v) { return v > 0; };
  EXPECT_EQ(cache.get(
                "k", [] { return 0; }, keep_positive),
            0);
  EXPECT_EQ(cache.get(
                "k", [] { return 5; }, keep_positive),
            5);
  EXPECT_EQ(cache.get(
                "k", [] { return 6; }, keep_positive),
            5);
}

TEST(ReadCache, ZeroTtlMeansEveryReadLoads) {
  ReadCache<int> cache(0ms, 10);
  int loads = 0;
  auto load = [&] { return ++loads; };
  cache.get("k", load);
  EXPECT_EQ(cache.get("k", load), 2);
}

TEST(ReadCache, StaysWithinItsBound) {
  ReadCache<int> cache(10s, 3);
  int loads = 0;
  auto load = [&] { return ++loads; };
  for (auto k : {"a", "b", "c", "d"}) cache.get(k, load);
  // "d" made room by dropping everything: "a" loads again, "d" does not.
  EXPECT_EQ(cache.get("d", load), 4);
  EXPECT_EQ(cache.get("a", load), 5);
}

}  // namespace
}  // namespace sb::core
