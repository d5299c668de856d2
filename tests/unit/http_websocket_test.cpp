// SPDX-License-Identifier: Apache-2.0
// WebSocket endpoints: echo, refusal, the limits (1009, 1008), server-initiated close, bad
// UTF-8 (1007), a vanished peer (1006), idle timeout and pings, on_close exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "http_test_client.hpp"
#include "kernel/host/http/http_server.hpp"

namespace sb::kernel {
namespace {

using namespace test;

// What the server side saw, shared between the handler (I/O thread) and the test.
struct Seen {
  std::mutex mutex;
  std::vector<std::string> texts;
  std::vector<std::pair<std::uint16_t, std::string>> closes;
  std::shared_ptr<WebSocketConnection> conn;
  std::atomic<int> false_sends{0};

  std::size_t close_count() {
    std::lock_guard lock(mutex);
    return closes.size();
  }
  std::uint16_t first_close_code() {
    std::lock_guard lock(mutex);
    return closes.empty() ? 0 : closes.front().first;
  }
};

class Echo final : public WebSocketHandler {
 public:
  Echo(std::shared_ptr<WebSocketConnection> conn, Seen& seen)
      : conn_(std::move(conn)), seen_(seen) {}
  void on_text(std::string_view text) override {
    {
      std::lock_guard lock(seen_.mutex);
      seen_.texts.emplace_back(text);
    }
    if (text == "flood") {
      // Far more than the send queue allows, faster than any client reads.
      for (int i = 0; i < 1000; ++i)
        if (!conn_->send_text(std::string(64 * 1024, 'x'))) {
          ++seen_.false_sends;
          break;
        }
      return;
    }
    conn_->send_text("echo:" + std::string(text));
  }
  void on_binary(std::string_view data) override {
    conn_->send_text("binary:" + std::string(data));
  }
  void on_close(std::uint16_t code, std::string_view reason) override {
    std::lock_guard lock(seen_.mutex);
    seen_.closes.emplace_back(code, std::string(reason));
  }

 private:
  std::shared_ptr<WebSocketConnection> conn_;
  Seen& seen_;
};

class WebSocketTest : public ::testing::Test {
 protected:
  void start(WebSocketOptions options = {}, ServerSettings s = test_settings()) {
    server = std::make_unique<HttpServer>(s, log, metrics);
    endpoint = server->router().websocket(
        "/ws", options, [this](const HttpRequest& req, std::shared_ptr<WebSocketConnection> c) {
          WebSocketAccept accept;
          if (req.header("Authorization") == "Bearer nope") {
            accept.refusal = HttpResponse::error(401, "unauthorized", "bad token");
            return accept;
          }
          {
            std::lock_guard lock(seen.mutex);
            seen.conn = c;
          }
          accept.handler = std::make_unique<Echo>(c, seen);
          return accept;
        });
    server->start();
  }
  void TearDown() override {
    if (server) server->stop();
  }
  NullLogger log;
  NullMetrics metrics;
  Seen seen;
  std::unique_ptr<HttpServer> server;
  Subscription endpoint;
};

TEST_F(WebSocketTest, EchoRoundTripAndClientClose) {
  start();
  WsClient c(server->port());
  ASSERT_TRUE(c.open());
  ASSERT_FALSE(c.send("hi"));
  auto [ec, text] = c.read();
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(text, "echo:hi");
  ASSERT_FALSE(c.send("bytes", true));
  EXPECT_EQ(c.read().second, "binary:bytes");
  {
    std::lock_guard lock(seen.mutex);
    EXPECT_EQ(seen.conn->remote_address().rfind("127.0.0.1:", 0), 0u);
  }
  EXPECT_FALSE(c.close(4001));
  ASSERT_TRUE(eventually([&] { return seen.close_count() == 1; }));
  EXPECT_EQ(seen.first_close_code(), 4001);
  EXPECT_FALSE(seen.conn->send_text("after close"));
  EXPECT_TRUE(eventually([&] { return server->connection_count() == 0; }));
}

TEST_F(WebSocketTest, RefusedUpgradeGetsTheHandlersResponse) {
  start();
  WsClient c(server->port(), "/ws", "Bearer nope");
  EXPECT_FALSE(c.open());
  EXPECT_EQ(c.upgrade_response().result_int(), 401);
  EXPECT_NE(c.upgrade_response().body().find("unauthorized"), std::string::npos);
  EXPECT_EQ(seen.close_count(), 0u);
}

TEST_F(WebSocketTest, TooBigMessageCloses1009) {
  WebSocketOptions o;
  o.max_message_bytes = 1024;
  start(o);
  WsClient c(server->port());
  ASSERT_TRUE(c.open());
  ASSERT_FALSE(c.send(std::string(1000, 'a')));
  EXPECT_EQ(c.read().second.size(), 1005u);
  (void)c.send(std::string(2000, 'a'));
  EXPECT_EQ(c.read_until_close(), 1009) << c.last_error().message();
  ASSERT_TRUE(eventually([&] { return seen.close_count() == 1; }));
  EXPECT_EQ(seen.first_close_code(), 1009);
}

TEST_F(WebSocketTest, SlowConsumerGetsFalseAnd1008) {
  WebSocketOptions o;
  o.max_send_queue_bytes = 256 * 1024;
  start(o);
  WsClient c(server->port());
  ASSERT_TRUE(c.open());
  ASSERT_FALSE(c.send("flood"));
  ASSERT_TRUE(eventually([&] { return seen.false_sends.load() == 1; }));
  EXPECT_EQ(c.read_until_close(2s, 2000), 1008);
  ASSERT_TRUE(eventually([&] { return seen.close_count() == 1; }));
  EXPECT_EQ(seen.first_close_code(), 1008);
}

TEST_F(WebSocketTest, CloseWebsocketsReachesEveryClient) {
  start();
  WsClient a(server->port());
  WsClient b(server->port());
  ASSERT_TRUE(a.open() && b.open());
  ASSERT_FALSE(a.send("x"));
  ASSERT_EQ(a.read().second, "echo:x");
  server->stop_accepting();
  server->close_websockets(1012, "server restarting");
  EXPECT_EQ(a.read_until_close(), 1012);
  EXPECT_EQ(a.ws().reason().reason, "server restarting");
  EXPECT_EQ(b.read_until_close(), 1012);
  ASSERT_TRUE(eventually([&] { return seen.close_count() == 2; }));
  EXPECT_EQ(seen.first_close_code(), 1012);
}

TEST_F(WebSocketTest, InvalidUtf8Closes1007WithoutCrashing) {
  start();
  WsClient c(server->port());
  ASSERT_TRUE(c.open());
  (void)c.send("bad \xC3\x28 bytes");
  EXPECT_EQ(c.read_until_close(), 1007);
  ASSERT_TRUE(eventually([&] { return seen.close_count() == 1; }));
  EXPECT_EQ(seen.first_close_code(), 1007);
  WsClient next(server->port());
  ASSERT_TRUE(next.open());
  ASSERT_FALSE(next.send("ok"));
  EXPECT_EQ(next.read().second, "echo:ok");
}

TEST_F(WebSocketTest, VanishedPeerIs1006AndStopClosesTheRestOnce) {
  start();
  WsClient gone(server->port());
  WsClient stays(server->port());
  ASSERT_TRUE(gone.open() && stays.open());
  ASSERT_TRUE(eventually([&] { return server->connection_count() == 2; }));
  gone.vanish();
  ASSERT_TRUE(eventually([&] { return seen.close_count() == 1; }));
  EXPECT_EQ(seen.first_close_code(), 1006);
  server->stop();
  EXPECT_EQ(seen.close_count(), 2u);
  EXPECT_EQ(server->connection_count(), 0u);
  std::lock_guard lock(seen.mutex);
  EXPECT_FALSE(seen.conn->send_text("server is gone"));  // harmless after stop
}

TEST_F(WebSocketTest, PingsKeepAClientAliveAndSilenceTimesOut) {
  WebSocketOptions o;
  o.ping_interval = 50ms;
  o.idle_timeout = 300ms;
  auto s = test_settings();
  s.header_timeout = 200ms;  // a finer sweep
  start(o, s);
  WsClient c(server->port());
  WsClient silent(server->port());  // never reads, so never answers a ping
  ASSERT_TRUE(c.open() && silent.open());
  // Reading answers the server's pings with pongs, which count as life.
  int pings = 0;
  c.ws().control_callback([&](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::ping) ++pings;
  });
  auto [ec, text] = c.read(700ms);  // ends by timing out (and dropping the connection)
  EXPECT_EQ(ec, net::error::timed_out);
  EXPECT_GE(pings, 2);
  ASSERT_TRUE(eventually([&] { return seen.close_count() == 2; }));
  std::lock_guard lock(seen.mutex);
  EXPECT_EQ(seen.closes[0].first, 1001);  // the silent one, at its idle timeout
  EXPECT_EQ(seen.closes[1].first, 1006);  // the reader, only when it dropped the connection
}

}  // namespace
}  // namespace sb::kernel
