// SPDX-License-Identifier: Apache-2.0
// sb.intercept("message.submitted"): a bot vetoes or amends plain messages in its own
// chats only; a runaway interceptor lets the message through.
#include <gmock/gmock.h>

#include "bots_fixture.hpp"

namespace sb::bots::test {
namespace {

using ::testing::HasSubstr;

class BotsInterceptTest : public BotsTest {
 protected:
  void add_scripts() override {
    write_script("guard", R"lua(
sb.name = "Guard"
sb.intercept("message.submitted", function(m)
  local text = (m.text or ""):lower()
  if text:find("spam", 1, true) then return false, "no spam in " .. (m.group or m.to) end
  if text:find("darn", 1, true) then return { body = (m.text:gsub("[Dd]arn", "d**n")) } end
end)
)lua");
    write_script("stuck", "sb.intercept('message.submitted', function(m) while true do end end)\n");
  }

  std::string group_with(Client& owner, Client& other, const std::string& bot) {
    auto r = owner.request({{"op", "group.create"},
                            {"name", "g"},
                            {"members", {json::string(other.user), json::string("bot:" + bot)}}});
    EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
    return std::string(r.at("group").as_string());
  }
};

TEST_F(BotsInterceptTest, VetoesAndAmendsInItsGroup) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto group = group_with(alice, bob, "guard");
  auto r = alice.send_to_group(group, "buy SPAM now");
  EXPECT_EQ(r.at("ok"), false);
  EXPECT_EQ(r.at("error").at("code"), "forbidden");
  EXPECT_THAT(std::string(r.at("error").at("message").as_string()),
              HasSubstr("no spam in " + group));

  ASSERT_EQ(alice.send_to_group(group, "darn it").at("ok"), true);
  auto m = bob.next("message");
  EXPECT_EQ(text_of(m), "d**n it");
}

TEST_F(BotsInterceptTest, OtherChatsAreNotItsBusiness) {
  auto& alice = login(1);
  auto& bob = login(2);
  ASSERT_EQ(alice.send_to_user(bob, "spam spam spam").at("ok"), true);
  EXPECT_EQ(text_of(bob.next("message")), "spam spam spam");
}

TEST_F(BotsInterceptTest, ARunawayInterceptorLetsTheMessageThrough) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto group = group_with(alice, bob, "stuck");
  ASSERT_EQ(alice.send_to_group(group, "hello").at("ok"), true);
  EXPECT_EQ(text_of(bob.next("message")), "hello");
  wait_listed(alice, "stuck", [](const json::object& b) { return b.at("failures") == 1; });
}

}  // namespace
}  // namespace sb::bots::test
