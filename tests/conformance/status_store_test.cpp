// SPDX-License-Identifier: Apache-2.0
// StatusStore conformance: posts with their audience lists, the feed's candidates (the
// poster's contacts and the listed users), views kept once, deletion, the expiry sweep, and
// removal with the poster's account.
#include <gmock/gmock.h>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::ElementsAre;

StatusPost post(std::string id, std::string user, std::string privacy,
                std::vector<std::string> users, std::int64_t posted) {
  auto text = "text of " + id;
  return {std::move(id),      std::move(user),  std::move(text), "",
          std::move(privacy), std::move(users), posted,          posted + 1000};
}

std::vector<std::string> ids(const std::vector<StatusPost>& posts) {
  std::vector<std::string> out;
  for (auto& p : posts) out.push_back(p.id);
  return out;
}

TEST_P(StatusStoreConformance, PostsComeBackWithTheirAudienceNewestFirst) {
  ASSERT_TRUE(s.statuses) << "both stores provide status-store";
  auto& st = *s.statuses;
  st.add_status(post("s_1", "alice", "contacts", {}, 100));
  st.add_status(post("s_2", "alice", "only", {"dave", "bob"}, 200));
  auto got = st.status("s_2");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->user, "alice");
  EXPECT_EQ(got->text, "text of s_2");
  EXPECT_EQ(got->privacy, "only");
  EXPECT_THAT(got->users, ElementsAre("bob", "dave"));
  EXPECT_EQ(got->posted_ms, 200);
  EXPECT_EQ(got->expires_ms, 1200);
  EXPECT_FALSE(st.status("s_none"));
  EXPECT_THAT(ids(st.statuses_of("alice", 0)), ElementsAre("s_2", "s_1"));
  EXPECT_THAT(ids(st.statuses_of("alice", 1100)), ElementsAre("s_2")) << "s_1 expired at 1100";
  restart();
  EXPECT_THAT(ids(s.statuses->statuses_of("alice", 0)), ElementsAre("s_2", "s_1"));
}

TEST_P(StatusStoreConformance, FeedCandidatesAreFromThoseWhoHaveTheViewerOrListThem) {
  auto& st = *s.statuses;
  s.social->add_contacts("alice", {"bob"});
  st.add_status(post("s_a", "alice", "contacts", {}, 100));
  st.add_status(post("s_b", "carol", "only", {"bob"}, 200));
  st.add_status(post("s_c", "carol", "contacts", {}, 300));  // carol has no contacts
  st.add_status(post("s_d", "bob", "contacts", {}, 400));    // one's own
  EXPECT_THAT(ids(st.feed_candidates("bob", 0, 10)), ElementsAre("s_b", "s_a"));
  EXPECT_THAT(ids(st.feed_candidates("bob", 0, 1)), ElementsAre("s_b"));
  EXPECT_THAT(ids(st.feed_candidates("bob", 1150, 10)), ElementsAre("s_b"));
  EXPECT_TRUE(st.feed_candidates("mallory", 0, 10).empty());
}

TEST_P(StatusStoreConformance, ViewsAreKeptOnceInOrderAndGoWithThePost) {
  auto& st = *s.statuses;
  st.add_status(post("s_1", "alice", "contacts", {}, 100));
  EXPECT_TRUE(st.add_view("s_1", "bob", 150));
  EXPECT_FALSE(st.add_view("s_1", "bob", 160));
  EXPECT_TRUE(st.add_view("s_1", "carol", 155));
  auto v = st.views("s_1");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].viewer, "bob");
  EXPECT_EQ(v[0].ts, 150);
  EXPECT_EQ(v[1].viewer, "carol");
  EXPECT_TRUE(st.delete_status("s_1"));
  EXPECT_FALSE(st.delete_status("s_1"));
  EXPECT_TRUE(st.views("s_1").empty());
  EXPECT_FALSE(st.status("s_1"));
}

TEST_P(StatusStoreConformance, TheSweepRemovesExpiredPostsInChunks) {
  auto& st = *s.statuses;
  for (int i = 0; i < 5; ++i)
    st.add_status(post("s_" + std::to_string(i), "alice", "only", {"bob"}, 100 + i));
  st.add_status(post("s_late", "alice", "contacts", {}, 5000));
  st.add_view("s_0", "bob", 200);
  EXPECT_TRUE(st.sweep_statuses(1099, 10).empty());
  EXPECT_EQ(st.sweep_statuses(2000, 3).size(), 3u);
  EXPECT_EQ(st.sweep_statuses(2000, 3).size(), 2u);
  EXPECT_TRUE(st.sweep_statuses(2000, 3).empty());
  EXPECT_THAT(ids(st.statuses_of("alice", 0)), ElementsAre("s_late"));
  EXPECT_TRUE(st.views("s_0").empty());
  EXPECT_TRUE(st.feed_candidates("bob", 0, 10).empty());
}

TEST_P(StatusStoreConformance, DeletingTheAccountRemovesPostsAudienceAndViews) {
  ASSERT_TRUE(s.directory);
  s.accounts->create_user({"alice", "+15550000001", "Alice", 1, false});
  s.accounts->create_user({"bob", "+15550000002", "Bob", 2, false});
  auto& st = *s.statuses;
  st.add_status(post("s_1", "alice", "only", {"bob"}, 100));
  st.add_status(post("s_2", "bob", "only", {"alice"}, 100));
  st.add_view("s_2", "alice", 150);
  ASSERT_TRUE(s.directory->delete_user("alice"));
  EXPECT_FALSE(st.status("s_1"));
  EXPECT_TRUE(st.status("s_2")->users.empty());
  EXPECT_TRUE(st.views("s_2").empty());
}

}  // namespace
}  // namespace sb::conformance
