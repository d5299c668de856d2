// SPDX-License-Identifier: Apache-2.0
// Reconnect backoff (doubling, capped, jittered) and server URL parsing.
#include <gtest/gtest.h>

#include <switchboard/client/backoff.hpp>
#include <switchboard/client/error.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client {
namespace {

using namespace std::chrono_literals;

TEST(ClientBackoff, DoublesWithJitterUpToTheCap) {
  Backoff b(100ms, 1000ms);
  std::int64_t bases[] = {100, 200, 400, 800, 1000, 1000, 1000};
  for (auto base : bases) {
    auto d = b.next().count();
    EXPECT_GE(d, base - base / 2);
    EXPECT_LE(d, base);
  }
  b.reset();
  EXPECT_LE(b.next().count(), 100);
}

TEST(ClientBackoff, JitterSpreadsClients) {
  Backoff b(10'000ms, 10'000ms);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 20; ++i) seen.insert(b.next().count());
  EXPECT_GT(seen.size(), 5u);
}

TEST(ClientUrl, ParsesHostAndPort) {
  auto e = parse_server_url("http://127.0.0.1:18080");
  EXPECT_EQ(e.host, "127.0.0.1");
  EXPECT_EQ(e.port, "18080");
  EXPECT_EQ(parse_server_url("localhost:9/").port, "9");
  EXPECT_EQ(parse_server_url("http://example.org").port, "80");
  EXPECT_EQ(parse_server_url("http://[::1]:8080").host, "::1");
}

TEST(ClientUrl, RefusesWhatItCannotServe) {
  for (const char* url : {"https://x:1", "http://x:1/path", "http://x:port", "http://:80"})
    EXPECT_THROW(parse_server_url(url), Error) << url;
}

}  // namespace
}  // namespace sb::client
