// SPDX-License-Identifier: Apache-2.0
// transport-longpoll against the real daemon with echo-core behind it: POST arrays in order
// with ids restored, polls that wait without a thread, cursors as acks, one session per
// device kept across requests, and bad input.
#include <gtest/gtest.h>

#include <future>

#include <boost/json.hpp>
#include <switchboard/client/http_api.hpp>

#include "e2e_server.hpp"

namespace sb::e2e {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using client::Endpoint;
using client::http_call;

Endpoint at(const Server& s) {
  return {"127.0.0.1", std::to_string(s.port())};
}

json::array array_of(const client::HttpAnswer& a) {
  return json::parse(a.body).as_array();
}

client::HttpAnswer post(const Server& s, const std::string& body,
                        const std::string& token = "tok:lp:d1") {
  return http_call(at(s), "POST", "/v1/lp", body, token);
}
client::HttpAnswer get(const Server& s, std::int64_t cursor,
                       const std::string& token = "tok:lp:d1") {
  return http_call(at(s), "GET", "/v1/lp?cursor=" + std::to_string(cursor), {}, token, 30s);
}

TEST(LongPollTransport, PostAnswersEveryRequestInOrderWithTheClientsIds) {
  Server server;
  auto r = post(server, R"([{"id":"a","op":"echo","body":1},{"op":"echo","body":2},
                           {"id":7,"op":"echo","body":3},"junk",{"id":"z","op":"nope"}])");
  ASSERT_EQ(r.status, 200) << r.body;
  auto replies = array_of(r);
  ASSERT_EQ(replies.size(), 5u);
  EXPECT_EQ(replies[0].at("id"), "a");
  EXPECT_EQ(replies[0].at("echo"), 1);
  EXPECT_FALSE(replies[1].as_object().contains("id"));
  EXPECT_EQ(replies[1].at("echo"), 2);
  EXPECT_EQ(replies[2].at("id"), 7);
  EXPECT_EQ(replies[3].at("error").at("code"), "bad_request");
  EXPECT_EQ(replies[4].at("id"), "z");
  EXPECT_EQ(replies[4].at("error").at("code"), "bad_request");
  EXPECT_EQ(post(server, "[]").body, "[]");
}

TEST(LongPollTransport, RefusesMissingTokensAndBadBodies) {
  Server server(ServerOptions::lp("max_requests_per_post = 2"));
  EXPECT_EQ(post(server, "[]", "").status, 401);
  EXPECT_EQ(post(server, "[]", "tok:bad").status, 401);
  EXPECT_EQ(get(server, 0, "").status, 401);
  EXPECT_EQ(post(server, "{}").status, 400);
  EXPECT_EQ(post(server, "not json").status, 400);
  EXPECT_EQ(post(server, "[{\"op\":\"echo\",\"body\":\"\xff\xfe\"}]").status, 400);  // not UTF-8
  EXPECT_EQ(post(server, "[{},{},{}]").status, 413);
  EXPECT_EQ(http_call(at(server), "GET", "/v1/lp?cursor=-1", {}, "tok:lp:d1").status, 400);
  EXPECT_EQ(http_call(at(server), "GET", "/v1/lp?cursor=x", {}, "tok:lp:d1").status, 400);
}

TEST(LongPollTransport, AnEmptyPollAnswersAnEmptyArrayAfterTheWait) {
  Server server(ServerOptions::lp("poll_wait_ms = 400"));
  auto start = std::chrono::steady_clock::now();
  auto r = get(server, 0);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[]");
  EXPECT_GE(waited, 350ms);
  EXPECT_LT(waited, 5s);
}

TEST(LongPollTransport, AParkedPollIsAnsweredWhenAnEventArrives) {
  Server server;
  post(server, "[]");  // opens the device's session
  auto poll = std::async(std::launch::async, [&] { return get(server, 0); });
  std::this_thread::sleep_for(200ms);
  auto e = post(server, R"([{"id":"e","op":"emit","count":2,"body":"hi"}])");
  EXPECT_EQ(array_of(e)[0].at("last_cursor"), 2);
  ASSERT_EQ(poll.wait_for(10s), std::future_status::ready);
  auto events = array_of(poll.get());
  ASSERT_GE(events.size(), 1u);
  EXPECT_EQ(events[0].at("ev"), "message");
  EXPECT_EQ(events[0].at("cursor"), 1);
}

TEST(LongPollTransport, TheCursorAcksAndUnackedEventsComeAgain) {
  Server server;
  post(server, R"([{"id":"e","op":"emit","count":3}])");
  auto first = array_of(get(server, 0));
  ASSERT_EQ(first.size(), 3u);
  auto again = array_of(get(server, 1));  // only 1 acked: 2 and 3 again
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].at("cursor"), 2);
  post(server, R"([{"id":"e","op":"emit","count":1}])");
  auto rest = array_of(get(server, 3));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].at("cursor"), 4);
  auto acked = array_of(post(server, R"([{"id":"q","op":"acks"}])"));
  EXPECT_EQ(acked[0].at("acked"), 3);  // the core got an ack frame for cursor 3
}

TEST(LongPollTransport, ACursorBeyondWhatWasSentIsRefusedOrLeavesLaterEventsAlone) {
  Server server;
  // Beyond 2^53 is not a cursor any JSON client holds exactly: 400, never 500.
  EXPECT_EQ(http_call(at(server), "GET", "/v1/lp?cursor=9007199254740993", {}, "tok:lp:d1").status,
            400);
  EXPECT_EQ(
      http_call(at(server), "GET", "/v1/lp?cursor=99999999999999999999", {}, "tok:lp:d1").status,
      400);
  post(server, R"([{"id":"e","op":"emit","count":2}])");
  ASSERT_EQ(array_of(get(server, 0)).size(), 2u);
  // A cursor far ahead of what was sent must not make the buffer drop what came since.
  post(server, R"([{"id":"e","op":"emit","count":1}])");
  auto next = array_of(get(server, 1'000'000));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].at("cursor"), 3);
}

TEST(LongPollTransport, AnIdleSessionEndsAndItsInboxIsReplayedByTheNext) {
  Server server(ServerOptions::lp("session_idle_ms = 1000\npoll_wait_ms = 200"));
  post(server, R"([{"id":"e","op":"emit","count":2}])");
  EXPECT_EQ(array_of(get(server, 0)).size(), 2u);  // delivered, not acked
  std::this_thread::sleep_for(2000ms);             // the session ends
  auto replay = array_of(get(server, 1));          // a new session: the core replays 2
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].at("cursor"), 2);
}

TEST(LongPollTransport, TheNextRequestAfterAServerCloseLearnsWhyEvenAfterEvents) {
  Server server(ServerOptions::lp("poll_wait_ms = 200"));
  post(server, R"([{"id":"e","op":"emit","count":2}])");
  post(server, R"([{"id":"c","op":"close","reason":"shutdown"}])");
  // What was due still comes first; the close must not be lost behind it.
  EXPECT_EQ(array_of(get(server, 0)).size(), 2u);
  auto told = get(server, 2);
  EXPECT_EQ(told.status, 503);
  EXPECT_EQ(json::parse(told.body).at("error").at("message"), "shutdown") << told.body;
  // Told once: the request after that opens a new session.
  auto fresh = get(server, 2);
  EXPECT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(array_of(fresh).size(), 0u);
}

TEST(LongPollTransport, AClientThatNeverAcksLearnsTheSessionEndedNotTheSameEventsAgain) {
  Server server(ServerOptions::lp("poll_wait_ms = 200"));
  post(server, R"([{"id":"e","op":"emit","count":2}])");
  EXPECT_EQ(array_of(get(server, 0)).size(), 2u);  // carried, never acked
  post(server, R"([{"id":"c","op":"close","reason":"slow_consumer"}])");
  // Cursor 0 again: the ended session does not hand the same two out once more.
  auto told = get(server, 0);
  EXPECT_EQ(told.status, 503) << told.body;
  EXPECT_EQ(json::parse(told.body).at("error").at("message"), "slow_consumer") << told.body;
  // The next session replays them.
  auto replay = get(server, 0);
  ASSERT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(array_of(replay).size(), 2u);
}

TEST(LongPollTransport, ParkedPollsHoldNoThread) {
  raise_open_file_limit();
  Server server(ServerOptions::lp("poll_wait_ms = 20000"));
  post(server, "[]", "tok:warm:d1");
  int before = server.threads();
  std::vector<std::future<client::HttpAnswer>> polls;
  // std::async would take a thread per poll here; the daemon must not.
  for (int i = 0; i < 50; ++i)
    polls.push_back(std::async(std::launch::async, [&server, i] {
      return get(server, 0, "tok:p" + std::to_string(i) + ":d1");
    }));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(server.threads(), before);
  for (int i = 0; i < 50; ++i)
    post(server, R"([{"op":"emit","count":1}])", "tok:p" + std::to_string(i) + ":d1");
  for (auto& p : polls) {
    ASSERT_EQ(p.wait_for(10s), std::future_status::ready);
    EXPECT_EQ(array_of(p.get()).size(), 1u);
  }
}

}  // namespace
}  // namespace sb::e2e
