// SPDX-License-Identifier: Apache-2.0
// What a push carries (no content, the sender's name only when configured) and its Topic.
#include <gtest/gtest.h>

#include <switchboard/json.hpp>
#include <switchboard/push_support.hpp>

#include "notice_payload.hpp"

namespace webpush {
namespace {

sb::PushNotice notice() {
  sb::PushNotice n;
  n.kind = "message";
  n.chat = "d:u_a:u_b";
  n.count = 3;
  n.sender_name = "Alice";
  n.ts = 1700000000123;
  return n;
}

TEST(NoticePayload, CarriesNoContentAndTheNameOnlyWhenAsked) {
  auto plain = boost::json::parse(notice_payload(notice(), false)).as_object();
  EXPECT_EQ(plain, (boost::json::object{{"v", 1},
                                        {"kind", "message"},
                                        {"chat", "d:u_a:u_b"},
                                        {"count", 3},
                                        {"ts", 1700000000123}}));
  auto named = boost::json::parse(notice_payload(notice(), true)).as_object();
  EXPECT_EQ(named.at("sender_name"), "Alice");
  auto n = notice();
  n.sender_name.clear();
  EXPECT_FALSE(boost::json::parse(notice_payload(n, true)).as_object().contains("sender_name"));
}

TEST(NoticePayload, TopicIsAtMost32UrlSafeCharacters) {
  EXPECT_EQ(topic_for(""), "");
  EXPECT_EQ(topic_for("chat_42-x"), "chat_42-x");
  std::string t = topic_for("d:u_alice:u_bob");
  EXPECT_EQ(t.size(), 32u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(topic_for("d:u_alice:u_bob"), t) << "stable, so the service can replace it";
  EXPECT_NE(topic_for("d:u_alice:u_carol"), t);
  EXPECT_EQ(topic_for(std::string(33, 'a')).size(), 32u);
  EXPECT_NE(topic_for(std::string(33, 'a')), std::string(32, 'a'));
}

TEST(PushFailureStreak, DegradedAfterAStreakOkAfterASuccess) {
  sb::PushFailureStreak h(3);
  sb::PushResult fail{sb::PushResult::Outcome::retry, 503, -1, "push service error (HTTP 503)"};
  sb::PushResult gone{sb::PushResult::Outcome::gone, 410, -1, "gone"};
  sb::PushResult ok{sb::PushResult::Outcome::sent, 201, -1, ""};
  h.record(fail, "https://push.example");
  h.record(gone, "https://push.example");
  h.record(fail, "https://push.example");
  EXPECT_EQ(h.health().state, sb::HealthState::ok);
  h.record(fail, "https://push.example");
  EXPECT_EQ(h.health().state, sb::HealthState::degraded);
  EXPECT_EQ(h.health().reason,
            "3 pushes in a row failed; last: https://push.example: push service error (HTTP 503)");
  h.record(ok, "https://push.example");
  EXPECT_EQ(h.health().state, sb::HealthState::ok);
}

}  // namespace
}  // namespace webpush
