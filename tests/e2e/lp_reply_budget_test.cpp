// SPDX-License-Identifier: Apache-2.0
// A long-poll POST's answer is capped by bytes for the whole POST, not only per request: the
// outside tester's 851-byte POST of ten `history` requests over large messages once built a
// 301 MB reply. Now the reads share transport-longpoll's max_reply_bytes and continue.
#include <gtest/gtest.h>

#include <set>

#include <boost/json.hpp>
#include <switchboard/client/http_api.hpp>

#include "e2e_server.hpp"
#include "people.hpp"

namespace sb::e2e {
namespace {

namespace json = boost::json;
using client::Endpoint;
using client::http_call;

constexpr std::size_t kBudget = 256 * 1024;  // max_reply_bytes below
constexpr std::size_t kItem = 60'000;        // one message's body
constexpr int kMessages = 20;                // 1.2 MB of history

client::HttpAnswer lp_post(const Server& s, const std::string& token, const std::string& body) {
  return http_call({"127.0.0.1", std::to_string(s.port())}, "POST", "/v1/lp", body, token);
}

TEST(LongPollReplyBudget, TenHistoriesInOnePostShareTheBudgetAndContinue) {
  auto options = ServerOptions::lp("max_reply_bytes = " + std::to_string(kBudget), CoreKind::real);
  Server server(options);
  auto alice = login(server, 1);
  auto bob = login(server, 2);
  std::string chat;
  for (int i = 0; i < kMessages; ++i) {
    json::array one{json::object{{"op", "send"},
                                 {"to", {{"user", bob.user_id}}},
                                 {"client_msg_id", "m" + std::to_string(i)},
                                 {"body", std::string(kItem, 'a' + i % 26)}}};
    auto r = lp_post(server, alice.access_token, json::serialize(one));
    ASSERT_EQ(r.status, 200) << r.body;
    auto reply = json::parse(r.body).at(0);
    ASSERT_EQ(reply.at("ok"), true) << r.body;
    chat = std::string(reply.at("chat").as_string());
  }

  // The tester's request: ten history reads of 500 in one small POST.
  json::array ten;
  for (int i = 0; i < 10; ++i)
    ten.push_back(json::object{
        {"id", "h" + std::to_string(i)}, {"op", "history"}, {"chat", chat}, {"limit", 500}});
  auto body = json::serialize(ten);
  ASSERT_LT(body.size(), 1000u);
  auto r = lp_post(server, bob.access_token, body);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  // The budget, plus per read at most the one item a page always carries.
  EXPECT_LE(r.body.size(), kBudget + 10 * (kItem + 1000)) << r.body.size();
  auto replies = json::parse(r.body).as_array();
  ASSERT_EQ(replies.size(), 10u);
  for (auto& rep : replies) {
    ASSERT_EQ(rep.at("ok"), true) << json::serialize(rep).substr(0, 300);
    EXPECT_EQ(rep.at("more"), true);  // fewer items, and where to go on
    EXPECT_LT(rep.at("messages").as_array().size(), static_cast<std::size_t>(kMessages));
  }

  // Following the continuation, still in POSTs of ten, brings every message, each POST
  // within the bound.
  std::set<std::int64_t> seqs;
  auto take = [&](const json::value& rep) {
    for (auto& m : rep.at("messages").as_array()) seqs.insert(m.at("seq").as_int64());
  };
  take(replies[0]);
  auto next = replies[0].at("next_before_seq").as_int64();
  for (int round = 0; round < 40 && next > 0; ++round) {
    json::array again;
    for (int i = 0; i < 10; ++i)
      again.push_back(
          json::object{{"op", "history"}, {"chat", chat}, {"before_seq", next}, {"limit", 500}});
    auto more = lp_post(server, bob.access_token, json::serialize(again));
    ASSERT_EQ(more.status, 200);
    EXPECT_LE(more.body.size(), kBudget + 10 * (kItem + 1000));
    auto first = json::parse(more.body).at(0);
    ASSERT_EQ(first.at("ok"), true);
    take(first);
    next = first.as_object().contains("more") ? first.at("next_before_seq").as_int64() : 0;
  }
  EXPECT_EQ(seqs.size(), static_cast<std::size_t>(kMessages));
}

}  // namespace
}  // namespace sb::e2e
