// SPDX-License-Identifier: Apache-2.0
// ProfileStore and ChatListStore conformance: a profile replaced whole and kept across a
// restart; the chat list's newest message per chat, unread counts and read marks, newest
// activity first; both gone with the user's account.
#include <gmock/gmock.h>

#include "store_factory.hpp"

namespace sb::conformance {
namespace {

TEST_P(ProfileStoreConformance, AProfileIsReplacedWholeAndSurvivesARestart) {
  ASSERT_TRUE(s.profiles) << "both stores provide profile-store";
  EXPECT_FALSE(s.profiles->profile("alice"));
  s.profiles->put_profile({"alice", "hi", "", "everyone", "everyone", 10});
  s.profiles->put_profile({"alice", "busy", "m_1", "contacts", "nobody", 20});
  restart();
  auto p = s.profiles->profile("alice");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->about, "busy");
  EXPECT_EQ(p->avatar, "m_1");
  EXPECT_EQ(p->about_privacy, "contacts");
  EXPECT_EQ(p->avatar_privacy, "nobody");
  EXPECT_EQ(p->updated_ms, 20);
}

ChatActivity msg(const std::string& chat, std::int64_t seq, const std::string& from,
                 std::int64_t ts) {
  return {chat, chat + "/" + std::to_string(seq), seq, from, ts};
}

TEST_P(ChatListStoreConformance, NewestActivityFirstWithUnreadCountsAndReadMarks) {
  ASSERT_TRUE(s.chat_list) << "both stores provide chat-list-store";
  auto& cl = *s.chat_list;
  cl.record_message(msg("d:alice:bob", 1, "bob", 100), {"alice", "bob"});
  cl.record_message(msg("d:alice:bob", 2, "bob", 110), {"alice", "bob"});
  cl.record_message(msg("g:g1", 1, "carol", 120), {"alice", "carol"});
  cl.record_message(msg("d:alice:bob", 1, "bob", 100), {"alice"});  // older: changes nothing
  auto list = cl.chat_list("alice", 10);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].chat, "g:g1");
  EXPECT_EQ(list[0].unread, 1);
  EXPECT_EQ(list[1].chat, "d:alice:bob");
  EXPECT_EQ(list[1].last_msg_id, "d:alice:bob/2");
  EXPECT_EQ(list[1].last_seq, 2);
  EXPECT_EQ(list[1].last_from, "bob");
  EXPECT_EQ(list[1].last_ts, 110);
  EXPECT_EQ(list[1].unread, 2);
  EXPECT_EQ(list[1].read_seq, 0);
  EXPECT_EQ(cl.chat_list("bob", 10).at(0).unread, 0) << "one's own messages are read";
  EXPECT_EQ(cl.chat_list("bob", 10).at(0).read_seq, 2);
  EXPECT_EQ(cl.chat_list("alice", 1).size(), 1u);

  cl.record_read("alice", "d:alice:bob", 1);
  EXPECT_EQ(cl.chat_list("alice", 10).at(1).unread, 1);
  cl.record_read("alice", "d:alice:bob", 0);  // behind the mark: changes nothing
  EXPECT_EQ(cl.chat_list("alice", 10).at(1).read_seq, 1);
  restart();
  auto& again = *s.chat_list;
  // Answering reads the chat and moves it to the top.
  again.record_message(msg("d:alice:bob", 3, "alice", 130), {"alice", "bob"});
  list = again.chat_list("alice", 10);
  EXPECT_EQ(list[0].chat, "d:alice:bob");
  EXPECT_EQ(list[0].unread, 0);
  EXPECT_EQ(list[0].read_seq, 3);
  EXPECT_EQ(again.chat_list("bob", 10).at(0).unread, 1);
}

TEST_P(ChatListStoreConformance, DeletingTheAccountRemovesProfileAndChatList) {
  ASSERT_TRUE(s.directory);
  s.accounts->create_user({"alice", "+15550000001", "Alice", 1, false});
  s.profiles->put_profile({"alice", "hi", "", "everyone", "everyone", 10});
  s.chat_list->record_message(msg("d:alice:bob", 1, "bob", 100), {"alice", "bob"});
  ASSERT_TRUE(s.directory->delete_user("alice"));
  EXPECT_FALSE(s.profiles->profile("alice"));
  EXPECT_TRUE(s.chat_list->chat_list("alice", 10).empty());
  EXPECT_EQ(s.chat_list->chat_list("bob", 10).size(), 1u) << "the other side keeps the chat";
}

}  // namespace
}  // namespace sb::conformance
