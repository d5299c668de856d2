// SPDX-License-Identifier: Apache-2.0
// GroupAccess conformance: a member added later reads from the chat's next seq (founding
// members from 1, a rejoin from the new join), invite epochs move on only when bumped, and
// the "groups" privacy setting is kept per user. Every store in the tree provides it.
#include <gmock/gmock.h>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

TEST_P(GroupStoreConformance, JoinSeqIsTheChatsNextSeqWhenAdded) {
  ASSERT_TRUE(s.access) << "the store provides group-access";
  auto& g = *s.groups;
  auto& a = *s.access;
  g.create_group({"g1", "G", "open", "alice", 1, {{"alice", "owner", 1}, {"bob", "member", 1}}});
  EXPECT_EQ(a.join_seq("g1", "alice"), 1);
  EXPECT_EQ(a.join_seq("g1", "carol"), std::nullopt);
  for (int i = 0; i < 3; ++i)
    append_sync(messages(),
                message("g:g1", "alice", "d1", "c" + std::to_string(i), "{}", {{"bob", "d2", {}}}));
  g.add_members("g1", {{"carol", "member", 2}});
  EXPECT_EQ(a.join_seq("g1", "carol"), 4);
  EXPECT_EQ(a.join_seq("g1", "bob"), 1);
  // Another chat's messages do not move it.
  append_sync(messages(), message("g:g2", "alice", "d1", "other", "{}", {{"bob", "d2", {}}}));
  append_sync(messages(), message("g:g1", "alice", "d1", "c3", "{}", {{"bob", "d2", {}}}));
  g.remove_members("g1", {"carol"});
  EXPECT_EQ(a.join_seq("g1", "carol"), std::nullopt);
  g.add_members("g1", {{"carol", "member", 3}});
  EXPECT_EQ(a.join_seq("g1", "carol"), 5);
  restart();
  EXPECT_EQ(s.access->join_seq("g1", "carol"), 5);
}

TEST_P(GroupStoreConformance, InviteEpochsMoveOnOnlyWhenBumped) {
  ASSERT_TRUE(s.access);
  s.groups->create_group({"g1", "G", "open", "alice", 1, {{"alice", "owner", 1}}});
  EXPECT_EQ(s.access->invite_epoch("g1"), 0);
  EXPECT_EQ(s.access->bump_invite_epoch("g1"), 1);
  EXPECT_EQ(s.access->bump_invite_epoch("g1"), 2);
  restart();
  EXPECT_EQ(s.access->invite_epoch("g1"), 2);
  EXPECT_THROW(s.access->invite_epoch("nope"), StoreError);
  EXPECT_THROW(s.access->bump_invite_epoch("nope"), StoreError);
}

TEST_P(SocialStoreConformance, GroupAddPrivacyIsKeptPerUser) {
  ASSERT_TRUE(s.access);
  EXPECT_EQ(s.access->group_add_privacy("bob"), std::nullopt);
  s.access->set_group_add_privacy("bob", "nobody");
  s.access->set_group_add_privacy("bob", "everyone");
  s.access->set_group_add_privacy("carol", "contacts");
  restart();
  EXPECT_EQ(s.access->group_add_privacy("bob"), "everyone");
  EXPECT_EQ(s.access->group_add_privacy("carol"), "contacts");
  EXPECT_EQ(s.access->group_add_privacy("dave"), std::nullopt);
}

}  // namespace
}  // namespace sb::conformance
