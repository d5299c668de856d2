// SPDX-License-Identifier: Apache-2.0
// Routing: patterns with {name} and a trailing *, precedence, 404/405, duplicates, removal,
// both on the Router alone and through a running server.
#include "kernel/host/http/router.hpp"

#include <gtest/gtest.h>

#include "http_test_client.hpp"
#include "kernel/host/http/http_server.hpp"

namespace sb::kernel {
namespace {

using namespace test;

HttpHandler answer(std::string text) {
  return [text](const HttpRequest& req, std::shared_ptr<HttpResponder> r) {
    std::string body = text;
    for (auto& [k, v] : req.params) body += " " + k + "=" + v;
    r->respond(HttpResponse::with_text(200, body));
  };
}

TEST(HttpRouter, CapturesParamsAndPrefersExactOverParamOverWildcard) {
  Router router;
  auto a = router.route("GET", "/users/{id}", answer("param"));
  auto b = router.route("GET", "/users/me", answer("exact"));
  auto c = router.route("GET", "/users/*", answer("rest"));
  auto d = router.route("GET", "/users/{id}/devices/{device}", answer("two"));

  auto m = router.match("GET", "/users/me");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_TRUE(m.params.empty());

  m = router.match("GET", "/users/42");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("id"), "42");

  m = router.match("GET", "/users/42/devices/d%2F1");  // an escaped '/' stays in its segment
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("device"), "d/1");

  m = router.match("GET", "/users/42/photos/1");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.at("*"), "42/photos/1");
}

TEST(HttpRouter, ExactPathBeatsWildcardThatMatchesNothingMore) {
  Router router;
  auto a = router.route("GET", "/static/*", answer("rest"));
  auto b = router.route("GET", "/static", answer("exact"));
  auto m = router.match("GET", "/static");
  ASSERT_EQ(m.kind, RouteMatch::Kind::found);
  EXPECT_EQ(m.params.count("*"), 0u);
}

TEST(HttpRouter, WrongMethodIsMethodNotAllowedWithAllow) {
  Router router;
  auto a = router.route("POST", "/v1/lp", answer("post"));
  auto b = router.route("GET", "/v1/lp", answer("get"));
  auto m = router.match("DELETE", "/v1/lp");
  EXPECT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
  EXPECT_EQ(m.allow, "GET, POST");
  EXPECT_EQ(router.match("GET", "/v1/nothing").kind, RouteMatch::Kind::not_found);
}

TEST(HttpRouter, DuplicateThrowsNamingBothAndBadPatternsThrow) {
  Router router;
  auto a = router.route("GET", "/a/{x}", answer("a"));
  try {
    auto b = router.route("GET", "/a/{y}", answer("b"));
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("/a/{y}"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("/a/{x}"), std::string::npos) << e.what();
  }
  auto other_method = router.route("POST", "/a/{x}", answer("c"));  // fine
  EXPECT_THROW((void)router.route("GET", "no-slash", answer("d")), std::invalid_argument);
  EXPECT_THROW((void)router.route("GET", "/a/*/b", answer("d")), std::invalid_argument);
  auto ws = router.websocket("/ws", {}, [](const HttpRequest&, auto) { return WebSocketAccept{}; });
  EXPECT_THROW(
      (void)router.websocket("/ws", {}, [](const HttpRequest&, auto) { return WebSocketAccept{}; }),
      std::invalid_argument);
}

TEST(HttpRouter, SubscriptionRemovesTheRouteAndMayOutliveTheRouter) {
  Subscription late;
  {
    Router router;
    auto sub = router.route("GET", "/x", answer("x"));
    EXPECT_EQ(router.match("GET", "/x").kind, RouteMatch::Kind::found);
    sub.reset();
    EXPECT_EQ(router.match("GET", "/x").kind, RouteMatch::Kind::not_found);
    auto again = router.route("GET", "/x", answer("x"));  // no longer a duplicate
    late = router.route("GET", "/y", answer("y"));
  }
  late.reset();  // the router is gone: nothing to do, nothing to crash
}

class HttpRouting : public ::testing::Test {
 protected:
  void SetUp() override { server.start(); }
  NullLogger log;
  NullMetrics metrics;
  HttpServer server{test_settings(), log, metrics};
};

TEST_F(HttpRouting, ServesParamsWildcardQueryAndDecodedPath) {
  HttpRequest seen;
  auto sub = server.router().route("POST", "/files/{name}/*",
                                   [&](const HttpRequest& req, std::shared_ptr<HttpResponder> r) {
                                     seen = req;
                                     r->respond(HttpResponse::with_text(201, "ok"));
                                   });
  HttpClient c(server.port());
  auto res = c.request("POST", "/files/a%20b/x/y?q=1&r=%41", "payload");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 201);
  EXPECT_EQ(res->body(), "ok");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/files/a%20b/x/y?q=1&r=%41");
  EXPECT_EQ(seen.path, "/files/a b/x/y");
  EXPECT_EQ(seen.query, "q=1&r=%41");
  EXPECT_EQ(seen.query_param("r"), "A");
  EXPECT_EQ(seen.params.at("name"), "a b");
  EXPECT_EQ(seen.params.at("*"), "x/y");
  EXPECT_EQ(seen.body, "payload");
  EXPECT_EQ(seen.header("host"), "localhost");
  EXPECT_EQ(seen.remote_address.rfind("127.0.0.1:", 0), 0u) << seen.remote_address;
}

TEST_F(HttpRouting, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  auto sub = server.router().route("GET", "/here", answer("here"));
  auto res = http_get(server.port(), "/elsewhere");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 404);
  EXPECT_EQ(res->body(),
            R"({"error":{"code":"not_found","message":"no route for GET /elsewhere"}})");
  EXPECT_EQ((*res)[http::field::content_type], "application/json");

  HttpClient c(server.port());
  res = c.request("PUT", "/here", "x");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 405);
  EXPECT_EQ((*res)[http::field::allow], "GET");
}

TEST_F(HttpRouting, RoutesAddedAndRemovedWhileRunning) {
  EXPECT_EQ(http_get(server.port(), "/late")->result_int(), 404);
  auto sub = server.router().route("GET", "/late", answer("late"));
  auto res = http_get(server.port(), "/late");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_EQ(res->body(), "late");
  sub.reset();
  EXPECT_EQ(http_get(server.port(), "/late")->result_int(), 404);
}

}  // namespace
}  // namespace sb::kernel
