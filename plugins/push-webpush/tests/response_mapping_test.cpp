// SPDX-License-Identifier: Apache-2.0
// The push service's answer → sent, gone, retry (with Retry-After) or dropped.
#include <gtest/gtest.h>

#include "response_mapping.hpp"

namespace webpush {
namespace {

using Outcome = sb::PushResult::Outcome;
using namespace std::chrono;

sb::PushResult answer(int status, std::vector<std::pair<std::string, std::string>> headers = {},
                      std::string body = {}, std::string error = {}) {
  sb::HttpClientResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.error = std::move(error);
  return map_response(r, system_clock::from_time_t(784111777));  // Sun, 06 Nov 1994 08:49:37
}

TEST(ResponseMapping, StatusesMapToOutcomes) {
  for (int s : {200, 201, 202, 204}) EXPECT_EQ(answer(s).outcome, Outcome::sent) << s;
  for (int s : {404, 410}) EXPECT_EQ(answer(s).outcome, Outcome::gone) << s;
  for (int s : {429, 500, 502, 503, 504}) EXPECT_EQ(answer(s).outcome, Outcome::retry) << s;
  for (int s : {400, 401, 403, 405, 413, 301, 302, 307, 308})
    EXPECT_EQ(answer(s).outcome, Outcome::dropped) << s;
  auto net = answer(0, {}, {}, "connection refused");
  EXPECT_EQ(net.outcome, Outcome::retry);
  EXPECT_EQ(net.reason, "no response: connection refused");
  EXPECT_EQ(answer(201).status, 201);
}

TEST(ResponseMapping, ReasonsSayWhy) {
  EXPECT_EQ(answer(400, {}, "bad\nkey").reason, "bad request (HTTP 400): bad key");
  EXPECT_EQ(answer(413).reason, "payload too large (HTTP 413)");
  EXPECT_EQ(answer(302, {{"location", "http://10.0.0.1/"}}).reason,
            "redirect not followed (HTTP 302) (to http://10.0.0.1/)");
  EXPECT_EQ(answer(410).reason, "the subscription is gone (HTTP 410)");
  EXPECT_EQ(answer(500, {}, std::string(1000, 'x')).reason.size(),
            std::string("push service error (HTTP 500): ").size() + 200)
      << "bodies are cut for the log";
}

TEST(ResponseMapping, RetryAfterInSecondsOrAsADate) {
  EXPECT_EQ(answer(429, {{"retry-after", "7"}}).retry_after_ms, 7000);
  EXPECT_EQ(answer(503, {{"retry-after", " 0 "}}).retry_after_ms, 0);
  EXPECT_EQ(answer(503, {{"retry-after", "Sun, 06 Nov 1994 08:50:07 GMT"}}).retry_after_ms, 30000);
  EXPECT_EQ(answer(503, {{"retry-after", "Sun, 06 Nov 1994 08:00:00 GMT"}}).retry_after_ms, 0)
      << "a date in the past: retry now";
  EXPECT_EQ(answer(429).retry_after_ms, -1);
  EXPECT_EQ(answer(429, {{"retry-after", "soon"}}).retry_after_ms, -1);
  EXPECT_EQ(answer(429, {{"retry-after", "-5"}}).retry_after_ms, -1);
  EXPECT_EQ(answer(429, {{"retry-after", "99999999999999"}}).retry_after_ms, -1);
  EXPECT_EQ(answer(200, {{"retry-after", "7"}}).retry_after_ms, -1) << "only for retries";
}

}  // namespace
}  // namespace webpush
