// SPDX-License-Identifier: Apache-2.0
// The parts of the login flow that need no store: the sliding-window rate limiter and the
// request-body field reader with its error messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kernel/core/auth_routes.hpp"
#include "kernel/core/rate_limiter.hpp"

namespace sb::core {
namespace {

using ::testing::HasSubstr;

TEST(AuthRateLimiter, SlidingWindow) {
  RateLimiter limit(2, std::chrono::seconds(60));
  auto t0 = RateLimiter::Clock::now();
  EXPECT_FALSE(limit.acquire("k", t0));
  EXPECT_FALSE(limit.acquire("k", t0 + std::chrono::seconds(10)));
  EXPECT_EQ(limit.acquire("k", t0 + std::chrono::seconds(20)), std::chrono::seconds(40));
  EXPECT_FALSE(limit.acquire("other", t0));
  EXPECT_FALSE(limit.acquire("k", t0 + std::chrono::seconds(60)));
  EXPECT_TRUE(limit.check("k", t0 + std::chrono::seconds(61)));
}

TEST(AuthRoutes, BodyFieldsAndClientAddress) {
  auto ok = read_string_fields(R"({"phone":"+15551230001","x":1})", {"phone"});
  ASSERT_FALSE(ok.error);
  EXPECT_EQ(ok.values.at(0), "+15551230001");
  auto msg = [](std::string_view body) {
    auto r = read_string_fields(body, {"phone", "code"});
    return r.error ? r.error->status == 400 ? r.error->body : "status?" : "accepted";
  };
  EXPECT_THAT(msg("{"), HasSubstr("body: not valid JSON"));
  EXPECT_THAT(msg("[1]"), HasSubstr("body: expected a JSON object"));
  EXPECT_THAT(msg(R"({"phone":"+1"})"), HasSubstr("code: missing"));
  EXPECT_THAT(msg(R"({"phone":1,"code":"1"})"), HasSubstr("phone: expected a string"));
  EXPECT_THAT(msg(R"({"phone":null,"code":"1"})"), HasSubstr("phone: missing"));
  EXPECT_THAT(msg(std::string(5000, ' ')), HasSubstr("body: larger than"));
  EXPECT_THAT(msg("{}"), HasSubstr(R"("code":"bad_request")"));
  EXPECT_EQ(client_ip("1.2.3.4:5678"), "1.2.3.4");
  EXPECT_EQ(client_ip("[::1]:5678"), "::1");
}

}  // namespace
}  // namespace sb::core
