// SPDX-License-Identifier: Apache-2.0
// Deleting one's own account: every session closes, the user's rows go (devices, contacts,
// memberships, profile, status posts), what was delivered stays with the recipients, and the
// phone number registers afresh as a new user.
#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

using AccountDelete = ChatTest;

TEST_F(AccountDelete, TheUserGoesTheirMessagesStayAndThePhoneRegistersAfresh) {
  auto& alice = login(1, "phone");
  auto& laptop = login(1, "laptop");
  auto& bob = login(2);
  ASSERT_EQ(bob.request({{"op", "contacts.add"}, {"users", {alice.user}}}).at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "contacts.add"}, {"users", {bob.user}}}).at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "profile.set"}, {"about", "leaving"}}).at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "status.post"}, {"text", "bye"}}).at("ok"), true);
  auto sent = alice.send_to_user(bob, "kept");
  ASSERT_EQ(sent.at("ok"), true);
  auto chat = std::string(sent.at("chat").as_string());

  auto refused = alice.request({{"op", "account.delete"}});
  EXPECT_EQ(refused.at("error").at("code"), "bad_request");
  EXPECT_NE(std::string(refused.at("error").at("message").as_string()).find("\"confirm\""),
            std::string::npos);
  ASSERT_EQ(alice.request({{"op", "account.delete"}, {"confirm", true}}).at("ok"), true);
  for (auto* c : {&alice, &laptop}) {
    EXPECT_EQ(c->next("session.revoked").at("reason"), "deleted");
    EXPECT_TRUE(c->link().wait_closed());
  }

  auto history = bob.request({{"op", "history"}, {"chat", chat}});
  ASSERT_EQ(history.at("messages").as_array().size(), 1u);
  EXPECT_EQ(history.at("messages").at(0).at("body").at("text"), "kept");
  EXPECT_TRUE(bob.request({{"op", "contacts.list"}}).at("users").as_array().empty());
  EXPECT_TRUE(bob.request({{"op", "status.feed"}}).at("statuses").as_array().empty());
  EXPECT_EQ(bob.request({{"op", "profile.get"}, {"user", alice.user}}).at("error").at("code"),
            "not_found");
  // The old token no longer opens a session.
  alice.connect();
  EXPECT_TRUE(alice.link().wait_closed());

  auto& again = login(1, "new phone");
  EXPECT_NE(again.user, alice.user);
  EXPECT_TRUE(again.request({{"op", "contacts.list"}}).at("users").as_array().empty());
  EXPECT_TRUE(again.request({{"op", "chats.list"}}).at("chats").as_array().empty());
  auto hi = bob.send_to_user(again, "welcome back");
  EXPECT_EQ(hi.at("ok"), true);
  EXPECT_EQ(again.next("message").at("body").at("text"), "welcome back");
}

TEST_F(AccountDelete, TheOkMeansGoneALoginRightAfterItIsANewUser) {
  for (int round = 0; round < 5; ++round) {
    auto& alice = login(1, "phone");
    auto& bob = login(2);
    ASSERT_EQ(alice.request({{"op", "account.delete"}, {"confirm", true}}).at("ok"), true);
    // No waiting for the session to close: the reply itself says the account is gone.
    auto& again = login(1, "phone");
    ASSERT_NE(again.user, alice.user) << "round " << round;
    auto added = bob.request({{"op", "contacts.add"}, {"users", {again.user}}});
    EXPECT_EQ(added.at("ok"), true) << "round " << round << ": " << json::serialize(added);
    EXPECT_EQ(alice.next("session.revoked").at("reason"), "deleted");
  }
}

}  // namespace
}  // namespace sb::core::test
