// SPDX-License-Identifier: Apache-2.0
// The HTTP server on loopback: deferred answers from other threads, 500 for dropped
// responders, keep-alive, limits (431, 413, timeouts), malformed requests, connection count.
#include "kernel/host/http/http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "http_test_client.hpp"
#include "kernel/host/metrics_registry.hpp"

namespace sb::kernel {
namespace {

using namespace test;

class HttpServerTest : public ::testing::Test {
 protected:
  void start(ServerSettings s = test_settings()) {
    server = std::make_unique<HttpServer>(s, log, metrics);
    hello = server->router().route("GET", "/hello", [](const HttpRequest&, auto r) {
      r->respond(HttpResponse::with_text(200, "hello"));
    });
    server->start();
  }
  NullLogger log;
  NullMetrics metrics;
  std::unique_ptr<HttpServer> server;
  Subscription hello;
};

TEST_F(HttpServerTest, ResponderAnsweredLaterFromAnotherThread) {
  start();
  std::mutex mutex;
  std::vector<std::shared_ptr<HttpResponder>> parked;
  auto sub = server->router().route("GET", "/poll", [&](const HttpRequest&, auto r) {
    std::lock_guard lock(mutex);
    parked.push_back(std::move(r));  // costs no thread while it waits
  });
  std::thread answerer([&] {
    ASSERT_TRUE(eventually([&] {
      std::lock_guard lock(mutex);
      return parked.size() == 2;
    }));
    std::this_thread::sleep_for(100ms);
    std::lock_guard lock(mutex);
    for (auto& r : parked) {
      EXPECT_FALSE(r->closed());
      r->respond(HttpResponse::with_json(200, R"({"events":[]})"));
      r->respond(HttpResponse::with_text(500, "second answer is ignored"));
    }
  });
  auto first = std::async(std::launch::async, [&] { return http_get(server->port(), "/poll"); });
  auto started = std::chrono::steady_clock::now();
  auto res = http_get(server->port(), "/poll");
  answerer.join();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_EQ(res->body(), R"({"events":[]})");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
  auto other = first.get();
  ASSERT_TRUE(other);
  EXPECT_EQ(other->result_int(), 200);
}

TEST_F(HttpServerTest, DroppedResponderSends500AndThrowingHandlerToo) {
  start();
  auto drop = server->router().route("GET", "/drop", [](const HttpRequest&, auto) {});
  auto late_drop = server->router().route("GET", "/late-drop", [](const HttpRequest&, auto r) {
    std::thread([r = std::move(r)]() mutable {
      std::this_thread::sleep_for(20ms);
      r.reset();
    }).detach();
  });
  auto boom = server->router().route(
      "GET", "/boom", [](const HttpRequest&, auto) -> void { throw std::runtime_error("boom"); });
  for (auto path : {"/drop", "/late-drop", "/boom"}) {
    auto res = http_get(server->port(), path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->result_int(), 500) << path;
    EXPECT_NE(res->body().find(R"("code":"internal")"), std::string::npos) << res->body();
  }
}

TEST_F(HttpServerTest, KeepAliveServesTwoRequestsOnOneConnectionAndPipelining) {
  start();
  HttpClient c(server->port());
  for (int i = 0; i < 2; ++i) {
    auto res = c.request("GET", "/hello");
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->body(), "hello");
    EXPECT_TRUE(res->keep_alive());
  }
  ASSERT_FALSE(
      c.write_raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                  "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto a = c.read();
  auto b = c.read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->result_int(), 200);
  EXPECT_EQ(b->result_int(), 404);
  EXPECT_EQ(server->connection_count(), 1u);
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  auto s = test_settings();
  s.max_header_bytes = 1024;
  start(s);
  HttpClient c(server->port());
  (void)c.write_raw("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') +
                    "\r\n\r\n");
  auto reply = c.read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 431);
  EXPECT_NE(reply->body().find(R"("code":"too_large")"), std::string::npos);
  EXPECT_TRUE(c.wait_closed(2s));
}

TEST_F(HttpServerTest, OversizedBodyIs413BeforeTheBodyIsSent) {
  auto s = test_settings();
  s.max_body_bytes = 1000;
  start(s);
  auto sub = server->router().route("POST", "/upload", [](const HttpRequest&, auto r) {
    r->respond(HttpResponse::with_text(200, "stored"));
  });
  HttpClient c(server->port());
  ASSERT_FALSE(c.write_raw("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n"));
  auto reply = c.read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 413);
  EXPECT_TRUE(c.wait_closed(2s));

  HttpClient ok(server->port());
  auto res = ok.request("POST", "/upload", std::string(1000, 'x'));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
}

TEST_F(HttpServerTest, GarbageIs400UnknownMethodIs501AndTheServerGoesOn) {
  start();
  {
    HttpClient c(server->port());
    ASSERT_FALSE(c.write_raw("\x01\x02garbage\r\n\r\n"));
    auto reply = c.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 400);
    EXPECT_NE(reply->body().find(R"("code":"bad_request")"), std::string::npos);
    EXPECT_TRUE(c.wait_closed(2s));
  }
  {
    HttpClient c(server->port());
    ASSERT_FALSE(c.write_raw("G@T /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto reply = c.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 400);
  }
  {
    HttpClient c(server->port());
    auto reply = c.request("BREW", "/hello");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 501);
  }
  {
    HttpClient c(server->port());
    ASSERT_FALSE(c.write_raw("GET http://x/hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto reply = c.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 400);
  }
  auto res = http_get(server->port(), "/hello");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), "hello");
}

TEST_F(HttpServerTest, SlowLorisAndTruncatedBodyAreCutOffAtTheirTimeouts) {
  auto s = test_settings();
  s.header_timeout = 300ms;
  s.body_timeout = 300ms;
  s.keepalive_timeout = 300ms;
  start(s);
  auto sub = server->router().route("POST", "/upload", [](const HttpRequest&, auto r) {
    r->respond(HttpResponse::with_text(200, "stored"));
  });
  auto started = std::chrono::steady_clock::now();
  HttpClient loris(server->port());
  HttpClient truncated(server->port());
  HttpClient idle(server->port());
  ASSERT_FALSE(truncated.write_raw(
      "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part"));
  // A byte every 50 ms keeps the connection busy but never finishes the header.
  std::string header = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  bool cut = false;
  for (int i = 0; i < 40 && !cut; ++i) {
    cut = static_cast<bool>(loris.write_raw(i < static_cast<int>(header.size())
                                                ? std::string_view(&header[i], 1)
                                                : std::string_view("a")));
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(cut || loris.wait_closed(500ms)) << "slow-loris client was not cut off";
  auto loris_time = std::chrono::steady_clock::now() - started;
  EXPECT_LT(loris_time, 1500ms);
  EXPECT_TRUE(truncated.wait_closed(1s));
  EXPECT_TRUE(idle.wait_closed(1s));
  EXPECT_TRUE(eventually([&] { return server->connection_count() == 0; }));
  EXPECT_EQ(http_get(server->port(), "/hello")->body(), "hello");
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  auto s = test_settings();
  s.keepalive_timeout = 200ms;
  start(s);
  HttpClient c(server->port());
  ASSERT_TRUE(c.request("GET", "/hello"));
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_closed(2s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
}

TEST_F(HttpServerTest, ConnectionCountAndMaxConnections) {
  auto s = test_settings();
  s.max_connections = 2;
  start(s);
  EXPECT_EQ(server->connection_count(), 0u);
  HttpClient a(server->port());
  HttpClient b(server->port());
  ASSERT_TRUE(a.request("GET", "/hello"));
  ASSERT_TRUE(b.request("GET", "/hello"));
  EXPECT_EQ(server->connection_count(), 2u);
  HttpClient refused(server->port());
  auto res = refused.request("GET", "/hello");
  if (res) {
    EXPECT_EQ(res->result_int(), 503);  // or the connection was simply closed
  }
  EXPECT_TRUE(refused.wait_closed(1s));
  EXPECT_EQ(server->connection_count(), 2u);
  ASSERT_FALSE(a.write_raw("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(a.read());
  EXPECT_TRUE(a.wait_closed(1s));
  EXPECT_TRUE(eventually([&] { return server->connection_count() == 1; }));
}

TEST_F(HttpServerTest, BindFailureNamesTheAddressAndStopIsIdempotent) {
  start();
  auto s = test_settings();
  s.listen = "127.0.0.1:" + std::to_string(server->port());
  HttpServer second(s, log, metrics);
  try {
    second.start();
    FAIL() << "expected the bind to fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(s.listen), std::string::npos) << e.what();
  }
  server->stop_accepting();
  HttpClient late(server->port());  // the connect itself may succeed or be refused
  server->stop();
  server->stop();
  EXPECT_EQ(server->connection_count(), 0u);
}

TEST(HttpServerMetrics, CountsRequestsConnectionsAndRefusals) {
  NullLogger log;
  MetricsRegistry metrics;
  auto s = test_settings();
  s.max_body_bytes = 10;
  HttpServer server(s, log, metrics);
  auto sub = server.router().route("POST", "/hello", [](const HttpRequest&, auto r) {
    r->respond(HttpResponse::with_text(200, "hello"));
  });
  server.start();
  HttpClient c(server.port());
  ASSERT_TRUE(c.request("POST", "/hello", "hi"));
  ASSERT_TRUE(c.request("GET", "/nope"));
  auto requests = [&](std::string method, std::string status) {
    return metrics.counter("sb_http_requests_total", "", {{"method", method}, {"status", status}})
        .value();
  };
  EXPECT_EQ(requests("POST", "200"), 1);
  EXPECT_EQ(requests("GET", "404"), 1);
  EXPECT_EQ(metrics.gauge("sb_http_connections", "").value(), 1);
  HttpClient big(server.port());
  auto res = big.request("POST", "/hello", std::string(100, 'x'));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 413);
  EXPECT_EQ(metrics.counter("sb_http_refused_total", "", {{"reason", "body_too_large"}}).value(),
            1);
  server.stop();
  EXPECT_EQ(metrics.gauge("sb_http_connections", "").value(), 0);
  EXPECT_EQ(metrics.gauge("sb_ws_connections", "").value(), 0);
}

}  // namespace
}  // namespace sb::kernel
