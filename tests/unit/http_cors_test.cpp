// SPDX-License-Identifier: Apache-2.0
// CORS is off unless configured: without server.cors_origins no reply carries
// Access-Control-Allow-Origin and a preflight gets no grant; a configured origin gets both,
// another origin still nothing.
#include <gtest/gtest.h>

#include <memory>

#include "http_test_client.hpp"
#include "kernel/host/http/http_server.hpp"

namespace sb::kernel {
namespace {

using namespace test;

class HttpCorsTest : public ::testing::Test {
 protected:
  void start(std::vector<std::string> origins) {
    auto s = test_settings();
    s.cors_origins = std::move(origins);
    server = std::make_unique<HttpServer>(s, log, metrics);
    route = server->router().route("POST", "/v1/thing", [](const HttpRequest&, auto r) {
      r->respond(HttpResponse::with_json(200, "{}"));
    });
    server->start();
  }

  Response send(std::string_view method, std::string_view origin, bool preflight = false) {
    HttpClient c(server->port());
    std::string req = std::string(method) +
                      " /v1/thing HTTP/1.1\r\nHost: x\r\nOrigin: " + std::string(origin) +
                      "\r\nContent-Length: 0\r\n";
    if (preflight) req += "Access-Control-Request-Method: POST\r\n";
    EXPECT_FALSE(c.write_raw(req + "\r\n"));
    auto res = c.read();
    EXPECT_TRUE(res);
    return res ? *res : Response{};
  }

  NullLogger log;
  NullMetrics metrics;
  std::unique_ptr<HttpServer> server;
  Subscription route;
};

TEST_F(HttpCorsTest, OffByDefault) {
  start({});
  auto res = send("POST", "https://evil.example");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.find("Access-Control-Allow-Origin"), res.end());
  auto pre = send("OPTIONS", "https://evil.example", true);
  EXPECT_EQ(pre.result_int(), 405);  // no route, and no grant
  EXPECT_EQ(pre.find("Access-Control-Allow-Origin"), pre.end());
}

TEST_F(HttpCorsTest, OnlyConfiguredOriginsAreGranted) {
  start({"https://app.example"});
  auto res = send("POST", "https://app.example");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res["Access-Control-Allow-Origin"], "https://app.example");
  EXPECT_EQ(res["Vary"], "Origin");
  auto pre = send("OPTIONS", "https://app.example", true);
  EXPECT_EQ(pre.result_int(), 204);
  EXPECT_EQ(pre["Access-Control-Allow-Origin"], "https://app.example");
  EXPECT_NE(pre["Access-Control-Allow-Headers"].find("Authorization"), std::string::npos);

  auto other = send("POST", "https://evil.example");
  EXPECT_EQ(other.find("Access-Control-Allow-Origin"), other.end());
  auto other_pre = send("OPTIONS", "https://evil.example", true);
  EXPECT_NE(other_pre.result_int(), 204);
  EXPECT_EQ(other_pre.find("Access-Control-Allow-Origin"), other_pre.end());
}

}  // namespace
}  // namespace sb::kernel
