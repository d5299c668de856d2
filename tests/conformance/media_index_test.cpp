// SPDX-License-Identifier: Apache-2.0
// MediaIndex conformance: records by id and by (owner, hash), usage per owner, users of a
// blob, holds that come and go (twice is once), message holds that lapse by age, and what
// retention finds unheld — kept across a restart.
#include <gmock/gmock.h>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

MediaRecord media(std::string id, std::string owner, std::string sha, std::uint64_t size,
                  std::int64_t created) {
  return {std::move(id), std::move(owner), std::move(sha), size, "image/jpeg", created};
}

std::vector<std::string> ids(const std::vector<MediaRecord>& v) {
  std::vector<std::string> out;
  for (auto& m : v) out.push_back(m.id);
  return out;
}

TEST_P(MediaIndexConformance, RecordsUsageAndBlobUsers) {
  ASSERT_TRUE(s.media) << "both stores provide media-index";
  auto& x = *s.media;
  x.add(media("m1", "alice", "h1", 100, 10));
  x.add(media("m2", "alice", "h2", 50, 20));
  x.add(media("m3", "bob", "h1", 100, 30));
  EXPECT_THROW(x.add(media("m1", "carol", "h9", 1, 40)), StoreError);

  auto m1 = x.get("m1");
  ASSERT_TRUE(m1);
  EXPECT_EQ(m1->owner, "alice");
  EXPECT_EQ(m1->sha256, "h1");
  EXPECT_EQ(m1->size, 100u);
  EXPECT_EQ(m1->content_type, "image/jpeg");
  EXPECT_EQ(m1->created_ms, 10);
  EXPECT_FALSE(x.get("nope"));
  EXPECT_EQ(x.find_by_hash("alice", "h1")->id, "m1");
  EXPECT_EQ(x.find_by_hash("bob", "h1")->id, "m3");
  EXPECT_FALSE(x.find_by_hash("carol", "h1"));
  EXPECT_EQ(x.usage("alice"), 150u);
  EXPECT_EQ(x.usage("carol"), 0u);
  EXPECT_EQ(x.hash_users("h1"), 2u);

  EXPECT_TRUE(x.remove("m1"));
  EXPECT_FALSE(x.remove("m1"));
  EXPECT_EQ(x.hash_users("h1"), 1u);
  EXPECT_EQ(x.usage("alice"), 50u);
}

TEST_P(MediaIndexConformance, HoldsDecideWhatRetentionFinds) {
  ASSERT_TRUE(s.media);
  auto& x = *s.media;
  x.add(media("m1", "alice", "h1", 1, 100));
  x.add(media("m2", "alice", "h2", 1, 100));
  x.add(media("m3", "alice", "h3", 1, 500));
  EXPECT_FALSE(x.hold("nope", "msg:d:a:b:1", 150));
  EXPECT_TRUE(x.hold("m1", "msg:d:a:b:1", 150));
  EXPECT_TRUE(x.hold("m1", "msg:d:a:b:1", 160));  // twice is once
  EXPECT_TRUE(x.hold("m1", "status:s1", 170));
  EXPECT_TRUE(x.hold("m2", "profile:alice", 180));
  EXPECT_THAT(x.holders("m1", 10), ::testing::ElementsAre("msg:d:a:b:1", "status:s1"));
  EXPECT_THAT(x.holders("m1", 1), ::testing::ElementsAre("msg:d:a:b:1"));

  // Unheld since creation: only m3, and only once its time is before the cutoff.
  EXPECT_THAT(ids(x.unheld_since(1000, 10)), ::testing::ElementsAre("m3"));
  EXPECT_TRUE(x.unheld_since(500, 10).empty());

  x.release("status:s1", 200);
  EXPECT_TRUE(x.unheld_since(1000, 10).size() == 1) << "m1 is still held by the message";
  x.release("profile:alice", 300);
  EXPECT_THAT(ids(x.unheld_since(1000, 10)), ::testing::ElementsAre("m2", "m3"));

  // Message holds lapse by age; a prefix's wildcards are literal.
  EXPECT_EQ(x.release_older("msg_", 1000, 400), 0u);
  EXPECT_EQ(x.release_older("msg:", 100, 400), 0u) << "taken at 150";
  EXPECT_EQ(x.release_older("msg:", 1000, 400), 1u);
  EXPECT_THAT(ids(x.unheld_since(1000, 10)), ::testing::ElementsAre("m2", "m1", "m3"));
  EXPECT_THAT(ids(x.unheld_since(1000, 2)), ::testing::ElementsAre("m2", "m1"));

  restart();
  EXPECT_THAT(ids(s.media->unheld_since(1000, 10)), ::testing::ElementsAre("m2", "m1", "m3"));
  EXPECT_TRUE(s.media->hold("m2", "profile:alice", 600));
  EXPECT_THAT(ids(s.media->unheld_since(1000, 10)), ::testing::ElementsAre("m1", "m3"));
}

}  // namespace
}  // namespace sb::conformance
