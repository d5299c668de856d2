// SPDX-License-Identifier: Apache-2.0
// The status and profile field builders: what goes on the wire for each choice.
#include <gtest/gtest.h>

#include <switchboard/client/social_requests.hpp>

namespace sb::client {
namespace {

TEST(SocialRequests, AStatusPostCarriesTextOrMediaAndTheListOnlyWhenItMatters) {
  auto plain = status_post_fields({"hi", "", "contacts", {"u_x"}});
  EXPECT_EQ(json::serialize(plain), R"({"text":"hi","privacy":"contacts"})");
  auto only = status_post_fields({"", "m_1", "only", {"u_a", "u_b"}});
  EXPECT_EQ(json::serialize(only), R"({"media":"m_1","privacy":"only","users":["u_a","u_b"]})");
}

TEST(SocialRequests, AProfileChangeSendsOnlyWhatIsSet) {
  ProfileChange c;
  c.about = "";
  c.avatar_privacy = "nobody";
  EXPECT_EQ(json::serialize(profile_set_fields(c)), R"({"about":"","avatar_privacy":"nobody"})");
  EXPECT_TRUE(profile_set_fields({}).empty());
}

}  // namespace
}  // namespace sb::client
