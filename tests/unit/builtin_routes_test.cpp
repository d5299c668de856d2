// SPDX-License-Identifier: Apache-2.0
// Exposure of the kernel's own endpoints: /healthz and /readyz's status are public, /metrics
// and /readyz's per-plugin body only for loopback callers or with server.metrics_token.
#include "kernel/host/builtin_routes.hpp"

#include <gtest/gtest.h>

#include "kernel/host/http/router.hpp"

namespace sb::kernel {
namespace {

struct Captured final : HttpResponder {
  HttpResponse response;
  void respond(HttpResponse r) override { response = std::move(r); }
  bool closed() const override { return false; }
};

class BuiltinRoutesExposure : public ::testing::Test {
 protected:
  HttpResponse get(const std::string& path, const std::string& from,
                   const std::string& bearer = {}) {
    HttpRequest req;
    req.method = "GET";
    req.target = req.path = path;
    req.remote_address = from;
    if (!bearer.empty()) req.headers.emplace_back("Authorization", "Bearer " + bearer);
    auto m = router.match("GET", path);
    EXPECT_EQ(m.kind, RouteMatch::Kind::found) << path;
    auto out = std::make_shared<Captured>();
    (*m.handler)(req, out);
    return out->response;
  }

  Router router;
  std::vector<Subscription> subs =
      register_builtin_routes_on(router, {[] { return true; },
                                          [] {
                                            return json::array{json::object{{"id", "store"}}};
                                          },
                                          [] { return std::string("sb_up 1\n"); }, "s3cret"});
};

TEST_F(BuiltinRoutesExposure, LoopbackSeesEverything) {
  EXPECT_EQ(get("/metrics", "127.0.0.1:4000").status, 200);
  EXPECT_EQ(get("/metrics", "[::1]:4000").status, 200);
  EXPECT_NE(get("/readyz", "127.0.0.1:4000").body.find("store"), std::string::npos);
}

TEST_F(BuiltinRoutesExposure, OthersGetHealthAndReadinessButNoDetailsWithoutTheToken) {
  EXPECT_EQ(get("/healthz", "203.0.113.9:4000").status, 200);
  auto ready = get("/readyz", "203.0.113.9:4000");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, R"({"ready":true})");
  auto metrics = get("/metrics", "203.0.113.9:4000");
  EXPECT_EQ(metrics.status, 403);
  EXPECT_NE(metrics.body.find("metrics_token"), std::string::npos);
  EXPECT_EQ(get("/metrics", "203.0.113.9:4000", "wrong").status, 403);
  EXPECT_EQ(get("/metrics", "203.0.113.9:4000", "s3cret").status, 200);
  EXPECT_NE(get("/readyz", "203.0.113.9:4000", "s3cret").body.find("store"), std::string::npos);
}

}  // namespace
}  // namespace sb::kernel
