// SPDX-License-Identifier: Apache-2.0
// Status posts: who sees them (contacts, contacts except, only, strangers), the live event,
// view receipts as the viewer's privacy allows, deletion, and the end after 24 hours.
#include <thread>

#include "chat_harness.hpp"
#include "kernel/core/core.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/status_sweep.hpp"

namespace sb::core::test {
namespace {

class Status : public ChatTest {
 protected:
  std::string post(Client& c, json::object req) {
    // Posts are ordered by their posting time: no two in the same millisecond here.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    req["op"] = "status.post";
    auto r = c.request(req);
    EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
    return r.contains("status") ? std::string(r.at("status").as_string()) : std::string();
  }
  // The texts of the viewer's feed, newest first.
  std::vector<std::string> feed(Client& c) {
    auto r = c.request({{"op", "status.feed"}});
    EXPECT_EQ(r.at("ok"), true) << json::serialize(r);
    std::vector<std::string> out;
    for (auto& s : r.at("statuses").as_array()) out.emplace_back(s.at("text").as_string());
    return out;
  }
  void add_contacts(Client& c, std::vector<std::string> users) {
    json::array a;
    for (auto& u : users) a.emplace_back(u);
    ASSERT_EQ(c.request({{"op", "contacts.add"}, {"users", a}}).at("ok"), true);
  }
  static std::string error_code(const json::object& r) {
    return std::string(r.at("error").at("code").as_string());
  }
  static std::string error_message(const json::object& r) {
    return std::string(r.at("error").at("message").as_string());
  }
};

using Texts = std::vector<std::string>;

TEST_F(Status, ThePrivacyChoiceDecidesWhoseFeedShowsThePost) {
  auto& alice = login(1);
  auto& bob = login(2);      // alice's contact
  auto& carol = login(3);    // alice's contact, excepted from one post
  auto& dave = login(4);     // not a contact, chosen for one post
  auto& mallory = login(5);  // a stranger
  add_contacts(alice, {bob.user, carol.user});
  post(alice, {{"text", "to my contacts"}});
  post(alice, {{"text", "not carol"}, {"privacy", "contacts_except"}, {"users", {carol.user}}});
  post(alice, {{"text", "just dave"}, {"privacy", "only"}, {"users", {dave.user}}});
  EXPECT_EQ(feed(bob), (Texts{"not carol", "to my contacts"}));
  EXPECT_EQ(feed(carol), (Texts{"to my contacts"}));
  EXPECT_EQ(feed(dave), (Texts{"just dave"}));
  EXPECT_EQ(feed(mallory), Texts{});
  EXPECT_EQ(feed(alice), Texts{}) << "one's own posts are in status.mine, not the feed";
  auto mine = alice.request({{"op", "status.mine"}}).at("statuses").as_array();
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_EQ(mine[0].at("privacy"), "only");
  EXPECT_EQ(mine[0].at("users").as_array().at(0), dave.user.c_str());
  // A block hides the posts both ways.
  ASSERT_EQ(bob.request({{"op", "block"}, {"user", alice.user}}).at("ok"), true);
  EXPECT_EQ(feed(bob), Texts{});
}

TEST_F(Status, OnlineViewersHearOfAPostAtOnceAndOthersNothing) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  add_contacts(alice, {bob.user});
  auto id = post(alice, {{"text", "live"}});
  auto ev = bob.next("status");
  EXPECT_EQ(ev.at("type"), "posted");
  EXPECT_EQ(ev.at("status"), id.c_str());
  EXPECT_EQ(ev.at("user"), alice.user.c_str());
  EXPECT_EQ(ev.at("text"), "live");
  EXPECT_EQ(ev.at("expires").as_int64() - ev.at("ts").as_int64(), kStatusLifetimeMs);
  EXPECT_TRUE(carol.quiet("status"));
  EXPECT_TRUE(alice.quiet("status"));
}

TEST_F(Status, APostEndsTwentyFourHoursAfterPosting) {
  auto& alice = login(1);
  auto& bob = login(2);
  add_contacts(alice, {bob.user});
  post(alice, {{"text", "a day"}});
  auto& engine = *server->core()->engine();
  auto posted = engine.now_ms();
  EXPECT_EQ(sweep_expired_statuses(engine, posted + kStatusLifetimeMs - 60'000), 0u);
  EXPECT_EQ(feed(bob), (Texts{"a day"}));
  EXPECT_EQ(sweep_expired_statuses(engine, posted + kStatusLifetimeMs + 60'000), 1u);
  EXPECT_EQ(feed(bob), Texts{});
  EXPECT_TRUE(alice.request({{"op", "status.mine"}}).at("statuses").as_array().empty());
}

TEST_F(Status, ViewReceiptsReachThePosterUnlessTheViewerHidesThem) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& carol = login(3);
  add_contacts(alice, {bob.user, carol.user});
  auto id = post(alice, {{"text", "seen?"}});
  auto seen = bob.request({{"op", "status.view"}, {"status", id}});
  EXPECT_EQ(seen.at("receipt"), true);
  auto ev = alice.next("status.viewed");
  EXPECT_EQ(ev.at("status"), id.c_str());
  EXPECT_EQ(ev.at("by"), bob.user.c_str());
  // Seeing it again tells nobody again.
  bob.request({{"op", "status.view"}, {"status", id}});
  EXPECT_TRUE(alice.quiet("status.viewed"));

  ASSERT_EQ(carol.request({{"op", "privacy.set"}, {"read_receipts", "nobody"}}).at("ok"), true);
  EXPECT_EQ(carol.request({{"op", "status.view"}, {"status", id}}).at("receipt"), false);
  EXPECT_TRUE(alice.quiet("status.viewed"));
  auto views = alice.request({{"op", "status.mine"}}).at("statuses").at(0).at("views").as_array();
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].at("user"), bob.user.c_str());
}

TEST_F(Status, OnlyThePosterDeletesAndAHiddenPostIsNotFound) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto& mallory = login(3);
  add_contacts(alice, {bob.user});
  auto id = post(alice, {{"text", "gone soon"}});
  EXPECT_EQ(error_code(mallory.request({{"op", "status.view"}, {"status", id}})), "not_found");
  EXPECT_EQ(error_code(bob.request({{"op", "status.delete"}, {"status", id}})), "not_found");
  EXPECT_EQ(alice.request({{"op", "status.delete"}, {"status", id}}).at("ok"), true);
  EXPECT_EQ(feed(bob), Texts{});
  EXPECT_EQ(error_code(bob.request({{"op", "status.view"}, {"status", id}})), "not_found");
}

TEST_F(Status, BadInputIsRefusedNamingTheFieldAndStoresNothing) {
  auto& alice = login(1);
  auto& bob = login(2);
  add_contacts(alice, {bob.user});
  auto refused = [&](json::object req, const std::string& code, const std::string& names) {
    req["op"] = "status.post";
    auto r = alice.request(req);
    ASSERT_EQ(r.at("ok"), false) << json::serialize(req);
    EXPECT_EQ(error_code(r), code) << json::serialize(r);
    EXPECT_NE(error_message(r).find(names), std::string::npos) << error_message(r);
  };
  refused({}, "bad_request", "\"text\"");
  refused({{"text", "a"}, {"media", "m_1"}}, "bad_request", "\"media\"");
  refused({{"text", std::string(701, 'x')}}, "bad_request", "\"text\"");
  refused({{"text", "a"}, {"privacy", "friends"}}, "bad_request", "\"privacy\"");
  refused({{"text", "a"}, {"privacy", "only"}}, "bad_request", "\"users\"");
  refused({{"text", "a"}, {"users", {bob.user}}}, "bad_request", "\"users\"");
  // No media layer runs here: media cannot be posted, and the error says why.
  refused({{"media", "m_1"}}, "unavailable", "\"media\"");
  EXPECT_EQ(feed(bob), Texts{});
  auto r = bob.request({{"op", "status.view"}, {"status", 5}});
  EXPECT_EQ(error_code(r), "bad_request");
  EXPECT_NE(error_message(r).find("\"status\""), std::string::npos);
}

}  // namespace
}  // namespace sb::core::test
