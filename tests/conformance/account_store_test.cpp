// SPDX-License-Identifier: Apache-2.0
// AccountStore conformance: users by phone, devices and what removing one takes with it,
// login codes, and refresh tokens that work once even when two threads race.
#include <gmock/gmock.h>

#include <atomic>
#include <thread>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::IsEmpty;

TEST_P(AccountStoreConformance, CreateUserIsIdempotentPerPhone) {
  auto& a = *s.accounts;
  EXPECT_FALSE(a.user_by_phone("+15550001"));
  auto u = a.create_user({"u1", "+15550001", "Ann", 100, false});
  EXPECT_EQ(u.id, "u1");
  auto again = a.create_user({"u2", "+15550001", "Other", 200, false});
  EXPECT_EQ(again.id, "u1");
  EXPECT_EQ(again.display_name, "Ann");
  EXPECT_FALSE(a.user_by_id("u2"));
  auto by_id = a.user_by_id("u1");
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->phone, "+15550001");
  EXPECT_EQ(by_id->created_ms, 100);
  a.set_banned("u1", true);
  a.set_display_name("u1", "Annie");
  auto changed = a.user_by_phone("+15550001");
  ASSERT_TRUE(changed);
  EXPECT_TRUE(changed->banned);
  EXPECT_EQ(changed->display_name, "Annie");
}

TEST_P(AccountStoreConformance, RacingCreatesAgreeOnOneUser) {
  std::vector<std::string> ids(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      ids[i] = s.accounts->create_user({"id" + std::to_string(i), "+1999", "x", 1, false}).id;
    });
  for (auto& t : threads) t.join();
  for (auto& id : ids) EXPECT_EQ(id, ids[0]);
}

TEST_P(AccountStoreConformance, DevicesAndRemoveDeviceCascade) {
  auto& a = *s.accounts;
  a.create_user({"u1", "+1555", "Ann", 1, false});
  a.add_device({"u1", "d1", "phone", 10, 10});
  a.add_device({"u1", "d2", "laptop", 20, 20});
  a.touch_device("u1", "d1", 99);
  auto ds = a.devices("u1");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].id, "d1");
  EXPECT_EQ(ds[0].name, "phone");
  EXPECT_EQ(ds[0].last_seen_ms, 99);
  EXPECT_EQ(ds[1].id, "d2");

  a.put_refresh_token("t1", {"u1", "d1", 1000});
  a.put_refresh_token("t2", {"u1", "d2", 1000});
  s.keys->upload("u1", "d1", {"ik", {1, "spk", "sig"}, std::nullopt, {{1, "k1"}}});
  append_sync(*s.messages, message("d:u0:u1", "u0", "x", "", "hi", {{"u1", "d1", ""}}));

  EXPECT_TRUE(a.remove_device("u1", "d1"));
  EXPECT_FALSE(a.remove_device("u1", "d1"));
  ASSERT_EQ(a.devices("u1").size(), 1u);
  EXPECT_FALSE(a.take_refresh_token("t1"));
  EXPECT_TRUE(a.take_refresh_token("t2"));
  EXPECT_THAT(s.keys->take_bundles("u1"), IsEmpty());
  EXPECT_EQ(s.keys->one_time_count("u1", "d1"), 0);
  EXPECT_THAT(s.messages->inbox("u1", "d1", 0, 10), IsEmpty());
}

TEST_P(AccountStoreConformance, LoginCodesOnePerPhone) {
  auto& a = *s.accounts;
  EXPECT_FALSE(a.login_code("+1555"));
  a.put_login_code({"+1555", "h1", 1000, 0});
  EXPECT_EQ(a.count_login_attempt("+1555"), 1);
  EXPECT_EQ(a.count_login_attempt("+1555"), 2);
  auto c = a.login_code("+1555");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->code_hash, "h1");
  EXPECT_EQ(c->attempts, 2);
  a.put_login_code({"+1555", "h2", 2000, 0});
  c = a.login_code("+1555");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->code_hash, "h2");
  EXPECT_EQ(c->expires_ms, 2000);
  EXPECT_EQ(c->attempts, 0);
  a.delete_login_code("+1555");
  EXPECT_FALSE(a.login_code("+1555"));
}

TEST_P(AccountStoreConformance, RefreshTokenWorksOnceUnderRacingThreads) {
  auto& a = *s.accounts;
  for (int round = 0; round < 20; ++round) {
    auto token = "tok" + std::to_string(round);
    a.put_refresh_token(token, {"u1", "d1", 5000});
    std::atomic<int> winners{0};
    std::thread t1([&] { winners += a.take_refresh_token(token).has_value(); });
    std::thread t2([&] { winners += a.take_refresh_token(token).has_value(); });
    t1.join();
    t2.join();
    EXPECT_EQ(winners.load(), 1) << token;
  }
  a.put_refresh_token("t", {"u1", "d1", 5000});
  a.put_refresh_token("u", {"u1", "d2", 5000});
  auto g = a.take_refresh_token("t");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->user, "u1");
  EXPECT_EQ(g->device, "d1");
  EXPECT_EQ(g->expires_ms, 5000);
  a.delete_refresh_tokens("u1", "d2");
  EXPECT_FALSE(a.take_refresh_token("u"));
}

}  // namespace
}  // namespace sb::conformance
