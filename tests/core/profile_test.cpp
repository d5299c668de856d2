// SPDX-License-Identifier: Apache-2.0
// Profiles: what others read as the owner's privacy allows, the change event to online
// contacts, and the display name where the chat list and the push path read it.
#include "chat_harness.hpp"
#include "kernel/core/core.hpp"

namespace sb::core::test {
namespace {

using Profiles = ChatTest;

json::object get(Client& c, const Client& of) {
  auto r = c.request({{"op", "profile.get"}, {"user", of.user}});
  EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
  return r;
}

TEST_F(Profiles, AboutIsShownToEveryoneContactsOrNobodyAsTheOwnerChooses) {
  auto& alice = login(1);
  auto& bob = login(2);  // alice's contact
  auto& eve = login(3);  // a stranger
  ASSERT_EQ(alice.request({{"op", "contacts.add"}, {"users", {bob.user}}}).at("ok"), true);
  auto set = alice.request({{"op", "profile.set"}, {"display_name", "Alice"}, {"about", "hi"}});
  ASSERT_EQ(set.at("ok"), true) << json::serialize(set);
  EXPECT_EQ(set.at("about_privacy"), "everyone");
  EXPECT_EQ(get(eve, alice).at("about"), "hi");
  EXPECT_EQ(get(eve, alice).at("display_name"), "Alice");

  ASSERT_EQ(alice.request({{"op", "profile.set"}, {"about_privacy", "contacts"}}).at("ok"), true);
  EXPECT_EQ(get(bob, alice).at("about"), "hi");
  EXPECT_FALSE(get(eve, alice).contains("about"));
  EXPECT_FALSE(get(eve, alice).contains("about_privacy")) << "only the owner reads the settings";

  ASSERT_EQ(alice.request({{"op", "profile.set"}, {"about_privacy", "nobody"}}).at("ok"), true);
  EXPECT_FALSE(get(bob, alice).contains("about"));
  EXPECT_EQ(get(alice, alice).at("about"), "hi") << "the owner always reads their own";
  EXPECT_EQ(get(bob, alice).at("display_name"), "Alice") << "the name is always shown";

  // A block hides the about text whatever the setting.
  ASSERT_EQ(alice.request({{"op", "profile.set"}, {"about_privacy", "everyone"}}).at("ok"), true);
  ASSERT_EQ(alice.request({{"op", "block"}, {"user", eve.user}}).at("ok"), true);
  EXPECT_FALSE(get(eve, alice).contains("about"));
  // "" clears it.
  ASSERT_EQ(alice.request({{"op", "profile.set"}, {"about", ""}}).at("ok"), true);
  EXPECT_FALSE(get(bob, alice).contains("about"));
}

TEST_F(Profiles, OnlineContactsHearOfAChangeAsTheirPrivacyAllows) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& eve = login(3);
  ASSERT_EQ(alice.request({{"op", "contacts.add"}, {"users", {bob.user}}}).at("ok"), true);
  ASSERT_EQ(alice
                .request({{"op", "profile.set"},
                          {"display_name", "Alice A."},
                          {"about", "busy"},
                          {"about_privacy", "contacts"}})
                .at("ok"),
            true);
  auto ev = bob.next("profile");
  EXPECT_EQ(ev.at("user"), alice.user.c_str());
  EXPECT_EQ(ev.at("display_name"), "Alice A.");
  EXPECT_EQ(ev.at("about"), "busy");
  EXPECT_TRUE(eve.quiet("profile"));
  // The display name is what the server shows for alice (push providers read it there).
  EXPECT_EQ(server->core()->account_store()->user_by_id(alice.user)->display_name, "Alice A.");
}

TEST_F(Profiles, BadInputIsRefusedNamingTheField) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto code_and_message = [&](json::object req) {
    req["op"] = "profile.set";
    auto r = alice.request(req);
    EXPECT_EQ(r.at("ok"), false) << json::serialize(req);
    return std::string(r.at("error").at("code").as_string()) + " " +
           std::string(r.at("error").at("message").as_string());
  };
  EXPECT_NE(code_and_message({}).find("bad_request"), std::string::npos);
  EXPECT_NE(code_and_message({{"about", std::string(141, 'x')}}).find("\"about\""),
            std::string::npos);
  EXPECT_NE(code_and_message({{"display_name", std::string(65, 'x')}}).find("\"display_name\""),
            std::string::npos);
  EXPECT_NE(code_and_message({{"about_privacy", "friends"}}).find("\"about_privacy\""),
            std::string::npos);
  auto avatar = code_and_message({{"avatar", "m_1"}});
  EXPECT_NE(avatar.find("unavailable"), std::string::npos) << avatar;  // no media layer here
  EXPECT_NE(avatar.find("\"avatar\""), std::string::npos) << avatar;
  auto none = bob.request({{"op", "profile.get"}, {"user", "u_nobody"}});
  EXPECT_EQ(none.at("error").at("code"), "not_found");
  // Nothing of the refused calls was kept.
  EXPECT_FALSE(get(bob, alice).contains("about"));
}

}  // namespace
}  // namespace sb::core::test
