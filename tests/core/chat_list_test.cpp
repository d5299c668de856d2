// SPDX-License-Identifier: Apache-2.0
// The chat list: newest activity first, the last message, unread counts from the read mark,
// names; read marks synced across one user's devices, live and after reconnecting; the
// groups-I-am-in list.
#include <thread>

#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

using ChatList = ChatTest;

json::array chats(Client& c) {
  auto r = c.request({{"op", "chats.list"}});
  EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
  return r.contains("chats") ? r.at("chats").as_array() : json::array{};
}

// The unread count of `chat` in `c`'s list; -1 when it is not listed.
std::int64_t unread(Client& c, const std::string& chat) {
  for (auto& item : chats(c))
    if (item.at("chat") == chat.c_str()) return item.at("unread").as_int64();
  return -1;
}

std::string direct_chat(const Client& a, const Client& b) {
  return a.user < b.user ? "d:" + a.user + ":" + b.user : "d:" + b.user + ":" + a.user;
}

TEST_F(ChatList, NewestFirstWithLastMessageUnreadCountAndName) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  ASSERT_EQ(bob.request({{"op", "profile.set"}, {"display_name", "Bob"}}).at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "contacts.add"}, {"users", {carol.user}}}).at("ok"), true);
  bob.send_to_user(alice, "one");
  auto two = bob.send_to_user(alice, "two");
  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // activity is by the millisecond
  auto made =
      carol.request({{"op", "group.create"}, {"name", "Hikers"}, {"members", {alice.user}}});
  ASSERT_EQ(made.at("ok"), true) << json::serialize(made);
  auto group = std::string(made.at("group").as_string());
  auto gchat = std::string(made.at("chat").as_string());
  // The group without a message yet is listed already, by its creation.
  ASSERT_TRUE(eventually([&] { return unread(alice, direct_chat(alice, bob)) == 2; }));
  auto list = chats(alice);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("chat"), gchat.c_str());
  EXPECT_EQ(list[0].at("name"), "Hikers");
  EXPECT_FALSE(list[0].as_object().contains("last"));

  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto hello = carol.send_to_group(group, "hello");
  ASSERT_TRUE(eventually([&] { return unread(alice, gchat) == 1; }));
  list = chats(alice);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("chat"), gchat.c_str());
  EXPECT_EQ(list[0].at("type"), "group");
  EXPECT_EQ(list[0].at("group"), group.c_str());
  EXPECT_EQ(list[0].at("last").at("msg_id"), hello.at("msg_id"));
  EXPECT_EQ(list[0].at("last").at("from"), carol.user.c_str());
  EXPECT_EQ(list[1].at("type"), "direct");
  EXPECT_EQ(list[1].at("user"), bob.user.c_str());
  EXPECT_EQ(list[1].at("name"), "Bob");
  EXPECT_EQ(list[1].at("last").at("msg_id"), two.at("msg_id"));
  EXPECT_EQ(list[1].at("last").at("ts"), two.at("ts"));

  // Reading one of two leaves one; answering counts as reading.
  ASSERT_EQ(
      alice.request({{"op", "read"}, {"chat", direct_chat(alice, bob)}, {"upto_seq", 1}}).at("ok"),
      true);
  ASSERT_TRUE(eventually([&] { return unread(alice, direct_chat(alice, bob)) == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  alice.send_to_user(bob, "back");
  ASSERT_TRUE(eventually([&] { return unread(alice, direct_chat(alice, bob)) == 0; }));
  EXPECT_EQ(chats(alice)[0].at("chat"), direct_chat(alice, bob).c_str());
  // Bob's list counts alice's answer, and bob's own messages not at all.
  ASSERT_TRUE(eventually([&] { return unread(bob, direct_chat(alice, bob)) == 1; }));

  // A group one left is no longer listed.
  ASSERT_EQ(alice.request({{"op", "group.leave"}, {"group", group}}).at("ok"), true);
  EXPECT_EQ(unread(alice, gchat), -1);
}

TEST_F(ChatList, AReadOnOneDeviceClearsTheOthersLiveAndAfterReconnecting) {
  auto& phone = login(1, "phone");
  auto& laptop = login(1, "laptop");
  auto& bob = login(2);
  auto chat = direct_chat(phone, bob);
  auto first = bob.send_to_user(phone, "one");
  ASSERT_TRUE(eventually([&] { return unread(laptop, chat) == 1; }));
  ASSERT_EQ(phone.request({{"op", "read"}, {"chat", chat}, {"upto_seq", first.at("seq")}}).at("ok"),
            true);
  auto ev = laptop.next("chat.read");
  EXPECT_EQ(ev.at("chat"), chat.c_str());
  EXPECT_EQ(ev.at("upto_seq"), first.at("seq"));
  EXPECT_EQ(unread(laptop, chat), 0);

  laptop.disconnect();
  auto second = bob.send_to_user(phone, "two");
  ASSERT_TRUE(eventually([&] { return unread(phone, chat) == 1; }));
  ASSERT_EQ(
      phone.request({{"op", "read"}, {"chat", chat}, {"upto_seq", second.at("seq")}}).at("ok"),
      true);
  ASSERT_TRUE(eventually([&] { return unread(phone, chat) == 0; }));
  laptop.connect();
  auto list = chats(laptop);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("unread"), 0);
  EXPECT_EQ(list[0].at("read_seq"), second.at("seq"));
}

TEST_F(ChatList, GroupsListNamesEveryGroupTheCallerIsInWithTheirRole) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(bob.request({{"op", "contacts.add"}, {"users", {alice.user}}}).at("ok"), true);
  auto a = alice.request({{"op", "group.create"}, {"name", "A"}, {"members", {bob.user}}});
  auto b = alice.request({{"op", "group.create"}, {"name", "B"}, {"members", json::array{}}});
  ASSERT_EQ(a.at("ok"), true) << json::serialize(a);
  ASSERT_EQ(b.at("ok"), true) << json::serialize(b);
  auto mine = alice.request({{"op", "groups.list"}}).at("groups").as_array();
  EXPECT_EQ(mine.size(), 2u);
  auto bobs = bob.request({{"op", "groups.list"}}).at("groups").as_array();
  ASSERT_EQ(bobs.size(), 1u);
  EXPECT_EQ(bobs[0].at("group"), a.at("group"));
  EXPECT_EQ(bobs[0].at("name"), "A");
  EXPECT_EQ(bobs[0].at("role"), "member");
  EXPECT_EQ(bobs[0].at("members").as_int64(), 2);
}

}  // namespace
}  // namespace sb::core::test
