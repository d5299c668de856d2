// SPDX-License-Identifier: Apache-2.0
// Directory conformance: user search by id, phone and name with paging and the banned and
// inactive filters, group search with members, and removing a user's data (the phone can
// register again, what others received stays) and a group.
#include <gmock/gmock.h>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> ids(const std::vector<UserRecord>& users) {
  std::vector<std::string> out;
  for (auto& u : users) out.push_back(u.id);
  return out;
}

TEST_P(DirectoryConformance, FindsUsersByIdPhoneAndNameInIdOrder) {
  ASSERT_TRUE(s.directory);
  auto& a = *s.accounts;
  a.create_user({"u_a", "+15550000001", "Alice", 1, false});
  a.create_user({"u_b", "+15550000002", "Bob", 2, false});
  a.create_user({"u_c", "+15550000003", "Carol", 3, false});
  auto& d = *s.directory;
  EXPECT_THAT(ids(d.find_users({})), ElementsAre("u_a", "u_b", "u_c"));
  EXPECT_THAT(ids(d.find_users({"Bob"})), ElementsAre("u_b"));
  EXPECT_THAT(ids(d.find_users({"0000003"})), ElementsAre("u_c"));
  EXPECT_THAT(ids(d.find_users({"u_a"})), ElementsAre("u_a"));
  EXPECT_THAT(ids(d.find_users({"nobody"})), IsEmpty());
  // Paging: two, then what comes after the last id.
  EXPECT_THAT(ids(d.find_users({"", false, 0, "", 2})), ElementsAre("u_a", "u_b"));
  EXPECT_THAT(ids(d.find_users({"", false, 0, "u_b", 2})), ElementsAre("u_c"));
}

TEST_P(DirectoryConformance, FiltersBannedAndInactive) {
  ASSERT_TRUE(s.directory);
  auto& a = *s.accounts;
  a.create_user({"u_a", "+15550000001", "Alice", 1, false});
  a.create_user({"u_b", "+15550000002", "Bob", 2, false});
  a.create_user({"u_c", "+15550000003", "Carol", 3, false});
  a.add_device({"u_a", "d1", "phone", 1, 0});
  a.add_device({"u_b", "d1", "phone", 1, 0});
  a.touch_device("u_a", "d1", 5'000);
  a.touch_device("u_b", "d1", 100);
  a.set_banned("u_c", true);
  auto& d = *s.directory;
  EXPECT_THAT(ids(d.find_users({"", true})), ElementsAre("u_c"));
  // Not seen since 1000: Bob (seen at 100) and Carol (no device at all).
  EXPECT_THAT(ids(d.find_users({"", false, 1'000})), ElementsAre("u_b", "u_c"));
}

TEST_P(DirectoryConformance, FindsGroupsWithMembers) {
  ASSERT_TRUE(s.directory);
  s.groups->create_group({"g_1", "Book club", "open", "u_a", 1, {{"u_a", "owner", 1}, {"u_b", "member", 1}}});
  s.groups->create_group({"g_2", "Chess", "open", "u_b", 2, {{"u_b", "owner", 2}}});
  auto found = s.directory->find_groups({"Book"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "g_1");
  ASSERT_EQ(found[0].members.size(), 2u);
  EXPECT_EQ(found[0].members[0].user, "u_a");
  EXPECT_EQ(found[0].members[0].role, "owner");
  EXPECT_EQ(s.directory->find_groups({"", "g_1", 10}).size(), 1u);
  EXPECT_TRUE(s.directory->delete_group("g_2"));
  EXPECT_FALSE(s.directory->delete_group("g_2"));
  EXPECT_FALSE(s.groups->group("g_2"));
  EXPECT_THAT(s.groups->groups_of("u_b"), ElementsAre("g_1"));
}

TEST_P(DirectoryConformance, DeletingAUserRemovesTheirDataAndFreesThePhone) {
  ASSERT_TRUE(s.directory);
  auto& a = *s.accounts;
  a.create_user({"u_a", "+15550000001", "Alice", 1, false});
  a.create_user({"u_b", "+15550000002", "Bob", 2, false});
  a.add_device({"u_a", "d1", "phone", 1, 0});
  a.add_device({"u_b", "d1", "phone", 1, 0});
  a.put_refresh_token("h1", {"u_a", "d1", 1'000'000'000'000});
  s.keys->upload("u_a", "d1", {"ik", {1, "spk", "sig"}, std::nullopt, {{10, "otk"}}});
  s.groups->create_group({"g_1", "G", "open", "u_b", 1, {{"u_b", "owner", 1}, {"u_a", "member", 1}}});
  s.social->add_contacts("u_a", {"u_b"});
  s.social->add_contacts("u_b", {"u_a"});
  s.social->block("u_b", "u_a");
  // Alice wrote to Bob, and Bob to Alice, before she went.
  append_sync(*s.messages, message("d:u_a:u_b", "u_a", "d1", "c1", "hi bob", {{"u_b", "d1", ""}}));
  append_sync(*s.messages, message("d:u_a:u_b", "u_b", "d1", "c2", "hi alice", {{"u_a", "d1", ""}}));

  EXPECT_TRUE(s.directory->delete_user("u_a"));
  EXPECT_FALSE(s.directory->delete_user("u_a"));
  EXPECT_FALSE(a.user_by_id("u_a"));
  EXPECT_FALSE(a.user_by_phone("+15550000001"));
  EXPECT_TRUE(a.devices("u_a").empty());
  EXPECT_FALSE(a.take_refresh_token("h1"));
  EXPECT_TRUE(s.keys->take_bundles("u_a").empty());
  EXPECT_THAT(s.groups->group("g_1")->members.size(), 1u);
  EXPECT_THAT(s.social->contacts("u_b"), IsEmpty());
  EXPECT_FALSE(s.social->is_blocked("u_b", "u_a"));
  EXPECT_TRUE(s.messages->inbox("u_a", "d1", 0, 100).empty());
  // What Bob received stays with him.
  ASSERT_EQ(s.messages->inbox("u_b", "d1", 0, 100).size(), 1u);
  // The phone registers afresh, as a new user.
  auto again = a.create_user({"u_new", "+15550000001", "Alice again", 9, false});
  EXPECT_EQ(again.id, "u_new");
}

}  // namespace
}  // namespace sb::conformance
