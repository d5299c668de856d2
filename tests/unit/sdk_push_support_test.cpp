// SPDX-License-Identifier: Apache-2.0
// The SDK's header-only helpers for push providers: base64url, Retry-After, failure streaks.
#include <gtest/gtest.h>

#include <switchboard/base64url.hpp>
#include <switchboard/push_support.hpp>

namespace {

TEST(SdkBase64url, EncodesWithoutPaddingAndDecodesBack) {
  EXPECT_EQ(sb::base64url_encode(""), "");
  EXPECT_EQ(sb::base64url_encode("f"), "Zg");
  EXPECT_EQ(sb::base64url_encode("fo"), "Zm8");
  EXPECT_EQ(sb::base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(sb::base64url_encode("\xfb\xff"), "-_8");
  for (std::string s : {"", "a", "ab", "abc", "\x00\xff\x10\x80", "hello world!"})
    EXPECT_EQ(sb::base64url_decode(sb::base64url_encode(s)), s);
}

TEST(SdkBase64url, DecodingIsStrict) {
  EXPECT_EQ(sb::base64url_decode("Zg=="), "f") << "padding tolerated";
  EXPECT_FALSE(sb::base64url_decode("Zm9v+mFy")) << "'+' is not URL-safe";
  EXPECT_FALSE(sb::base64url_decode("Z")) << "a length no encoding produces";
  EXPECT_FALSE(sb::base64url_decode("Zh")) << "stray bits in the last character";
}

TEST(SdkRetryAfter, DeltaSecondsDatesAndNonsense) {
  const std::int64_t now = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(sb::retry_after_ms(" 7 ", now), 7000);
  EXPECT_EQ(sb::retry_after_ms("", now), -1);
  EXPECT_EQ(sb::retry_after_ms("-3", now), -1);
  EXPECT_EQ(sb::retry_after_ms("99999999999", now), -1);
  EXPECT_EQ(sb::retry_after_ms("soon", now), -1);
  EXPECT_EQ(sb::retry_after_ms("Sun, 06 Nov 1994 08:50:07 GMT", now), 30000);
  EXPECT_EQ(sb::retry_after_ms("Sun, 06 Nov 1994 08:49:00 GMT", now), 0);
}

TEST(SdkPushFailureStreak, DegradedAfterARunGoneCountsForNeither) {
  using O = sb::PushResult::Outcome;
  sb::PushFailureStreak streak(2);
  sb::PushResult fail{O::retry, 503, -1, "busy"};
  streak.record(fail);
  streak.record({O::gone, 410, -1, "gone"});
  EXPECT_EQ(streak.health().state, sb::HealthState::ok);
  streak.record(fail, "relay");
  EXPECT_EQ(streak.health().state, sb::HealthState::degraded);
  EXPECT_EQ(streak.health().reason, "2 pushes in a row failed; last: relay: busy");
  streak.record({O::sent, 200, -1, ""});
  EXPECT_EQ(streak.health().state, sb::HealthState::ok);
}

}  // namespace
