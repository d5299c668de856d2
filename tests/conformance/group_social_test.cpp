// SPDX-License-Identifier: Apache-2.0
// GroupStore and SocialStore conformance: members and roles (only real changes reported),
// privacy defaults and settings, contacts and blocks.
#include <gmock/gmock.h>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_P(GroupStoreConformance, CreateReadAndChange) {
  auto& g = *s.groups;
  EXPECT_FALSE(g.group("g1"));
  g.create_group(
      {"g1", "Friends", "open", "alice", 100, {{"alice", "owner", 100}, {"bob", "member", 100}}});
  auto got = g.group("g1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Friends");
  EXPECT_EQ(got->policy, "open");
  EXPECT_EQ(got->created_by, "alice");
  EXPECT_EQ(got->created_ms, 100);
  ASSERT_EQ(got->members.size(), 2u);
  EXPECT_EQ(got->members[0].user, "alice");
  EXPECT_EQ(got->members[0].role, "owner");
  EXPECT_EQ(got->members[1].user, "bob");
  g.set_name("g1", "Family");
  g.set_policy("g1", "announcement");
  got = g.group("g1");
  EXPECT_EQ(got->name, "Family");
  EXPECT_EQ(got->policy, "announcement");
  EXPECT_THROW(g.create_group({"g1", "again", "open", "bob", 1, {}}), StoreError);
}

TEST_P(GroupStoreConformance, AddAndRemoveReportOnlyRealChanges) {
  auto& g = *s.groups;
  g.create_group({"g1", "G", "open", "alice", 1, {{"alice", "owner", 1}}});
  EXPECT_THAT(
      g.add_members("g1", {{"alice", "member", 2}, {"bob", "member", 2}, {"carol", "admin", 2}}),
      ElementsAre("bob", "carol"));
  EXPECT_THAT(g.add_members("g1", {{"bob", "member", 3}}), IsEmpty());
  EXPECT_THAT(g.remove_members("g1", {"bob", "dave"}), ElementsAre("bob"));
  EXPECT_THAT(g.remove_members("g1", {"bob"}), IsEmpty());
  auto got = g.group("g1");
  ASSERT_TRUE(got);
  ASSERT_EQ(got->members.size(), 2u);
  EXPECT_EQ(got->members[0].role, "owner");
  EXPECT_EQ(got->members[1].user, "carol");
  EXPECT_EQ(got->members[1].role, "admin");
}

TEST_P(GroupStoreConformance, RolesAndGroupsOfAUser) {
  auto& g = *s.groups;
  g.create_group({"g2", "B", "open", "alice", 1, {{"alice", "owner", 1}, {"bob", "member", 1}}});
  g.create_group({"g1", "A", "open", "bob", 1, {{"bob", "owner", 1}}});
  EXPECT_TRUE(g.set_role("g2", "bob", "admin"));
  EXPECT_FALSE(g.set_role("g2", "carol", "admin"));
  EXPECT_EQ(g.group("g2")->members[1].role, "admin");
  EXPECT_THAT(g.groups_of("bob"), ElementsAre("g1", "g2"));
  EXPECT_THAT(g.groups_of("alice"), ElementsAre("g2"));
  EXPECT_THAT(g.groups_of("nobody"), IsEmpty());
}

TEST_P(SocialStoreConformance, PrivacyDefaultsAndSettings) {
  auto& so = *s.social;
  auto p = so.privacy("alice");
  EXPECT_EQ(p.last_seen, "everyone");
  EXPECT_EQ(p.online, "everyone");
  EXPECT_EQ(p.read_receipts, "everyone");
  so.set_privacy("alice", {"contacts", "nobody", "nobody"});
  p = so.privacy("alice");
  EXPECT_EQ(p.last_seen, "contacts");
  EXPECT_EQ(p.online, "nobody");
  EXPECT_EQ(p.read_receipts, "nobody");
  EXPECT_EQ(so.privacy("bob").online, "everyone");
}

TEST_P(SocialStoreConformance, ContactsAreOneWay) {
  auto& so = *s.social;
  so.add_contacts("alice", {"carol", "bob", "bob"});
  EXPECT_THAT(so.contacts("alice"), ElementsAre("bob", "carol"));
  EXPECT_TRUE(so.is_contact("alice", "bob"));
  EXPECT_FALSE(so.is_contact("bob", "alice"));
  so.remove_contacts("alice", {"bob", "zed"});
  EXPECT_THAT(so.contacts("alice"), ElementsAre("carol"));
  EXPECT_THAT(so.contacts("bob"), IsEmpty());
}

TEST_P(SocialStoreConformance, BlocksAreOneWay) {
  auto& so = *s.social;
  so.block("alice", "mallory");
  so.block("alice", "mallory");
  EXPECT_TRUE(so.is_blocked("alice", "mallory"));
  EXPECT_FALSE(so.is_blocked("mallory", "alice"));
  so.unblock("alice", "mallory");
  EXPECT_FALSE(so.is_blocked("alice", "mallory"));
}

}  // namespace
}  // namespace sb::conformance
