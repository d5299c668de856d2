// SPDX-License-Identifier: Apache-2.0
// Resource limits under abuse, each answered with an error naming the limit while the
// connection stays usable: deeply nested JSON, a huge `bodies` map, a group-add storm, a
// sync or history asking for millions of events.
#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

class AbuseLimits : public ChatTest {
 protected:
  std::string extra_config() const override { return "max_group_members = 50\n"; }
  static std::string message_of(const json::object& r) {
    return r.contains("error") ? std::string(r.at("error").at("message").as_string()) : "";
  }
};

TEST_F(AbuseLimits, DeeplyNestedJsonIsRefusedNamingTheDepthLimit) {
  auto& alice = login(1);
  auto& bob = login(2);
  std::string deep = R"({"id":"deep","op":"send","body":)" + std::string(10'000, '[') +
                     std::string(10'000, ']') + "}";
  auto r = alice.raw(deep);  // unreadable, so answered without its id
  ASSERT_EQ(r.at("ok"), false);
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  EXPECT_NE(message_of(r).find("deeper than 32"), std::string::npos) << message_of(r);
  EXPECT_EQ(alice.send_to_user(bob, "still fine").at("ok"), true);
}

TEST_F(AbuseLimits, AHugeBodiesMapIsRefusedAndNothingIsStored) {
  auto& alice = login(1);
  auto& bob = login(2);
  json::object bodies;
  for (int i = 0; i < 20'000; ++i) bodies["u_x:d_" + std::to_string(i)] = "c";
  auto r = alice.request({{"op", "send"},
                          {"to", {{"user", bob.user}}},
                          {"client_msg_id", "huge"},
                          {"enc", "e2ee"},
                          {"bodies", bodies}});
  ASSERT_EQ(r.at("ok"), false);
  auto code = r.at("error").at("code");
  EXPECT_TRUE(code == "too_large" || code == "stale_devices" || code == "bad_request")
      << json::serialize(r.at("error"));
  EXPECT_TRUE(bob.quiet("message"));
  EXPECT_EQ(alice.send_to_user(bob, "still fine").at("ok"), true);
}

TEST_F(AbuseLimits, AGroupAddStormStopsAtTheSizeLimitAndTheRateLimit) {
  auto& alice = login(1);
  auto made =
      alice.request({{"op", "group.create"}, {"name", "storm"}, {"members", json::array{}}});
  auto g = made.at("group");
  // One call with more users than a group may hold.
  json::array many;
  for (int i = 0; i < 5000; ++i) many.emplace_back("u_" + std::to_string(i));
  auto r = alice.request({{"op", "group.add"}, {"group", g}, {"users", many}});
  EXPECT_EQ(r.at("error").at("code"), "bad_request");
  EXPECT_NE(message_of(r).find("more than 50"), std::string::npos) << message_of(r);
  // Many calls: the group-changes budget (60 a minute per device) ends the storm.
  bool limited = false;
  for (int i = 0; i < 100 && !limited; ++i) {
    auto add = alice.request({{"op", "group.add"}, {"group", g}, {"users", {"u_nobody"}}});
    limited = add.at("error").at("code") == "rate_limited";
  }
  EXPECT_TRUE(limited);
  EXPECT_EQ(alice.request({{"op", "group.info"}, {"group", g}}).at("members").as_array().size(),
            1u);
}

TEST_F(AbuseLimits, AskingForMillionsOfEventsIsRefusedNamingTheLimit) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto chat = alice.send_to_user(bob, "hi").at("chat");
  auto s = bob.request({{"op", "sync"}, {"limit", 5'000'000}});
  EXPECT_EQ(s.at("error").at("code"), "bad_request");
  EXPECT_NE(message_of(s).find("\"limit\""), std::string::npos) << message_of(s);
  auto h = bob.request({{"op", "history"}, {"chat", chat}, {"limit", 5'000'000}});
  EXPECT_EQ(h.at("error").at("code"), "bad_request");
  // The largest allowed page comes back at once.
  EXPECT_EQ(bob.request({{"op", "sync"}, {"limit", 500}}).at("ok"), true);
}

}  // namespace
}  // namespace sb::core::test
