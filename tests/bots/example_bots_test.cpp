// SPDX-License-Identifier: Apache-2.0
// The example bots of scripts/bots end to end: echo, faq in a group, reminder, poll; and
// bots.list naming every bot with its account and state.
#include <gmock/gmock.h>

#include "bots_fixture.hpp"

namespace sb::bots::test {
namespace {

using ::testing::HasSubstr;

// Creates a group of `owner` with `members` (the bot among them); returns its id.
std::string make_group(Client& owner, json::array members) {
  auto r = owner.request({{"op", "group.create"}, {"name", "team"}, {"members", members}});
  EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
  return r.contains("group") ? std::string(r.at("group").as_string()) : std::string();
}

TEST_F(BotsTest, EchoAnswersWithTheSameText) {
  auto& alice = login(1);
  tell(alice, "echo", "hello bot");
  auto m = next_from(alice, "echo");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(text_of(m), "hello bot");
  EXPECT_EQ(m.at("enc"), "none");
  tell(alice, "echo", "again");
  EXPECT_EQ(reply_text(alice, "echo"), "again");
}

TEST_F(BotsTest, BotsListNamesEveryBot) {
  auto& alice = login(1);
  auto echo = listed(alice, "echo");
  EXPECT_EQ(echo.at("user_id"), "bot:echo");
  EXPECT_EQ(echo.at("display_name"), "Echo");
  EXPECT_EQ(echo.at("state"), "running");
  EXPECT_EQ(listed(alice, "faq").at("display_name"), "FAQ");
  EXPECT_EQ(listed(alice, "poll").at("state"), "running");
  EXPECT_EQ(listed(alice, "reminder").at("state"), "running");
}

TEST_F(BotsTest, FaqAnswersInAGroupOnlyWhenItKnows) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto group = make_group(alice, {json::string(bob.user), "bot:faq"});
  // Added to the group, the bot says hello.
  EXPECT_THAT(reply_text(alice, "faq"), HasSubstr("Ask me about"));
  EXPECT_THAT(reply_text(bob, "faq"), HasSubstr("Ask me about"));

  auto r = alice.send_to_group(group, "What are your opening hours?");
  ASSERT_EQ(r.at("ok"), true) << json::serialize(r);
  auto answer = next_from(bob, "faq");
  EXPECT_THAT(text_of(answer), HasSubstr("9:00-17:00"));
  EXPECT_EQ(answer.at("chat"), json::string("g:" + group));
  EXPECT_THAT(reply_text(alice, "faq"), HasSubstr("9:00-17:00"));

  // Small talk in the group gets no answer.
  alice.send_to_group(group, "nice weather today");
  EXPECT_EQ(reply_text(bob, "faq", 500ms), "<none>");
  // Directly, it says what it knows.
  tell(bob, "faq", "hi");
  EXPECT_THAT(reply_text(bob, "faq"), HasSubstr("Ask me about"));
  tell(bob, "faq", "can I get a refund?");
  EXPECT_THAT(reply_text(bob, "faq"), HasSubstr("30 days"));
}

TEST_F(BotsTest, BotsInAGroupDoNotAnswerEachOther) {
  auto& alice = login(1);
  auto group = make_group(alice, {"bot:echo", "bot:faq"});
  EXPECT_THAT(reply_text(alice, "faq"), HasSubstr("Ask me about"));  // echo does not echo it
  ASSERT_EQ(alice.send_to_group(group, "opening hours?").at("ok"), true);
  EXPECT_THAT(reply_text(alice, "faq"), HasSubstr("9:00-17:00"));
  EXPECT_EQ(reply_text(alice, "echo"), "opening hours?");
  EXPECT_EQ(reply_text(alice, "echo", 500ms), "<none>");
  EXPECT_EQ(reply_text(alice, "faq", 100ms), "<none>");
}

TEST_F(BotsTest, ReminderFires) {
  auto& alice = login(1);
  tell(alice, "reminder", "remind me in 1s to stretch");
  EXPECT_EQ(reply_text(alice, "reminder"), "OK, I will remind you in 1s to stretch.");
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(reply_text(alice, "reminder", 5s), "Reminder: stretch");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 500ms);
  tell(alice, "reminder", "what?");
  EXPECT_THAT(reply_text(alice, "reminder"), HasSubstr("remind me in 10s"));
}

TEST_F(BotsTest, PollTalliesVotesInAGroup) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  auto group = make_group(alice, {json::string(bob.user), json::string(carol.user), "bot:poll"});
  // Every reply goes to the whole group; carol reads them in order.
  alice.send_to_group(group, "/poll Lunch? | pizza | sushi");
  EXPECT_THAT(reply_text(carol, "poll"), HasSubstr("Poll: Lunch?\n1) pizza\n2) sushi"));
  alice.send_to_group(group, "/vote 1");
  EXPECT_EQ(reply_text(carol, "poll"), "Vote for pizza counted.");
  bob.send_to_group(group, "/vote 2");
  EXPECT_EQ(reply_text(carol, "poll"), "Vote for sushi counted.");
  bob.send_to_group(group, "/vote 1");  // changes bob's vote
  EXPECT_EQ(reply_text(carol, "poll"), "Vote for pizza counted.");
  carol.send_to_group(group, "/vote 2");
  EXPECT_EQ(reply_text(carol, "poll"), "Vote for sushi counted.");
  carol.send_to_group(group, "/vote 7");
  EXPECT_EQ(reply_text(carol, "poll"), "Vote with a number from 1 to 2.");
  carol.send_to_group(group, "/tally");
  EXPECT_EQ(reply_text(carol, "poll"), "Lunch?\n1) pizza: 2\n2) sushi: 1\n(3 votes)");
  alice.send_to_group(group, "/close");
  EXPECT_THAT(reply_text(carol, "poll"), HasSubstr("Closed. Lunch?"));
  alice.send_to_group(group, "/tally");
  EXPECT_THAT(reply_text(carol, "poll"), HasSubstr("No poll here"));
}

}  // namespace
}  // namespace sb::bots::test
