// SPDX-License-Identifier: Apache-2.0
// Request smuggling and connection hoarding over raw sockets: a Transfer-Encoding whose last
// coding is not chunked, or one with Content-Length, gets 400 and a closed connection
// (RFC 9112 §6.3); one address cannot hold more than max_connections_per_address.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <vector>

#include "http_test_client.hpp"
#include "kernel/host/http/http_server.hpp"

namespace sb::kernel {
namespace {

using namespace test;

class HttpFramingTest : public ::testing::Test {
 protected:
  void start(ServerSettings s = test_settings()) {
    server = std::make_unique<HttpServer>(s, log, metrics);
    hello = server->router().route("GET", "/hello", [this](const HttpRequest&, auto r) {
      ++hellos;
      r->respond(HttpResponse::with_text(200, "hello"));
    });
    echo = server->router().route("POST", "/echo", [](const HttpRequest& req, auto r) {
      r->respond(HttpResponse::with_text(200, "got:" + req.body));
    });
    server->start();
  }

  // Sends `head` + `rest` and expects `status`, then a closed connection; the request
  // smuggled in `rest` must not be answered.
  void expect_refused(std::string_view head, int status) {
    SCOPED_TRACE(std::string(head));
    HttpClient c(server->port());
    std::string bytes = "POST /echo HTTP/1.1\r\nHost: x\r\n" + std::string(head) +
                        "\r\n\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
    ASSERT_FALSE(c.write_raw(bytes));
    auto reply = c.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), status);
    EXPECT_NE(reply->body().find("Transfer-Encoding"), std::string::npos) << reply->body();
    EXPECT_TRUE(c.wait_closed(2s));
  }

  NullLogger log;
  NullMetrics metrics;
  std::unique_ptr<HttpServer> server;
  std::atomic<int> hellos{0};
  Subscription hello, echo;
};

TEST_F(HttpFramingTest, TransferEncodingNotEndingInChunkedIs400AndCloses) {
  start();
  expect_refused("Transfer-Encoding: gzip", 400);
  expect_refused("Transfer-Encoding: chunked, identity", 400);
  expect_refused("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip", 400);
  expect_refused("Transfer-Encoding: identity\r\nContent-Length: 5", 400);
  expect_refused("Transfer-Encoding: gzip, chunked", 501);  // a coding we do not implement
  EXPECT_EQ(hellos.load(), 0) << "a smuggled request was answered";
}

TEST_F(HttpFramingTest, TransferEncodingWithContentLengthIs400InEitherOrder) {
  start();
  for (std::string_view head : {"Transfer-Encoding: chunked\r\nContent-Length: 5",
                                "Content-Length: 5\r\nTransfer-Encoding: chunked"}) {
    SCOPED_TRACE(std::string(head));
    HttpClient c(server->port());
    ASSERT_FALSE(c.write_raw("POST /echo HTTP/1.1\r\nHost: x\r\n" + std::string(head) +
                             "\r\n\r\n0\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto reply = c.read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 400);
    EXPECT_TRUE(c.wait_closed(2s));
  }
  EXPECT_EQ(hellos.load(), 0);
}

TEST_F(HttpFramingTest, PlainChunkedBodyStillWorks) {
  start();
  HttpClient c(server->port());
  ASSERT_FALSE(
      c.write_raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  auto reply = c.read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200);
  EXPECT_EQ(reply->body(), "got:abcde");
}

TEST_F(HttpFramingTest, OneAddressCannotHoldEveryConnection) {
  auto s = test_settings();
  s.max_connections_per_address = 4;
  start(s);
  std::vector<std::unique_ptr<HttpClient>> hoard;
  for (int i = 0; i < 4; ++i) {
    hoard.push_back(std::make_unique<HttpClient>(server->port(), "127.0.0.2"));
    ASSERT_TRUE(hoard.back()->connected());
    ASSERT_TRUE(hoard.back()->request("GET", "/hello"));  // admitted, and kept alive
  }
  // The fifth from the same address is refused with 429 and closed...
  HttpClient excess(server->port(), "127.0.0.2");
  if (auto res = excess.request("GET", "/hello")) {
    EXPECT_EQ(res->result_int(), 429);
    EXPECT_NE(res->body().find("max_connections_per_address"), std::string::npos);
  }
  EXPECT_TRUE(excess.wait_closed(2s));
  // ...while another address is still served.
  HttpClient other(server->port(), "127.0.0.3");
  auto res = other.request("GET", "/hello");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), "hello");
  // A place freed by a closed connection is free again.
  hoard.pop_back();
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    HttpClient again(server->port(), "127.0.0.2");
    auto r = again.request("GET", "/hello");
    served = r && r->result_int() == 200;
    if (!served) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(HttpFramingTest, ZeroMeansNoPerAddressCap) {
  auto s = test_settings();
  s.max_connections_per_address = 0;
  start(s);
  std::vector<std::unique_ptr<HttpClient>> many;
  for (int i = 0; i < 20; ++i) {
    many.push_back(std::make_unique<HttpClient>(server->port(), "127.0.0.2"));
    auto r = many.back()->request("GET", "/hello");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result_int(), 200);
  }
}

}  // namespace
}  // namespace sb::kernel
