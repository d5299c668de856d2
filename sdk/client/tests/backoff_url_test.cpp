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
  EXPECT_FALSE(parse_server_url("http://x:1").tls);
  EXPECT_FALSE(parse_server_url("ws://x:1").tls);
}

TEST(ClientUrl, HttpsAndWssMeanTls) {
  auto e = parse_server_url("https://chat.example.org");
  EXPECT_TRUE(e.tls);
  EXPECT_EQ(e.host, "chat.example.org");
  EXPECT_EQ(e.port, "443");
  EXPECT_EQ(e.url(), "https://chat.example.org:443");
  EXPECT_TRUE(parse_server_url("wss://127.0.0.1:8443/").tls);
  EXPECT_EQ(parse_server_url("wss://127.0.0.1:8443/").port, "8443");
  EXPECT_EQ(parse_server_url("https://[::1]:9").url(), "https://[::1]:9");
}

TEST(ClientUrl, RefusesWhatItCannotServe) {
  for (const char* url :
       {"ftp://x:1", "http://x:1/path", "http://x:port", "http://:80", "https://x:1/v1/ws"})
    EXPECT_THROW(parse_server_url(url), Error) << url;
}

}  // namespace
}  // namespace sb::client
