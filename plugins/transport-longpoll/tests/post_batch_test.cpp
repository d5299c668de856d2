// SPDX-License-Identifier: Apache-2.0
// One POST's requests: renamed for the core, replies put back in order with the client's ids.
#include <gtest/gtest.h>

#include "post_batch.hpp"

namespace transport_longpoll {
namespace {

namespace json = boost::json;

TEST(LpPostBatch, RenamesRequestsAndRestoresIdsInOrder) {
  auto requests = json::parse(R"([{"id":"a","op":"x"},{"op":"y"},{"id":5,"op":"z"}])").as_array();
  PostBatch b(requests, "lp~1~");
  ASSERT_EQ(b.outgoing().size(), 3u);
  EXPECT_EQ(json::parse(b.outgoing()[1].frame).at("id"), "lp~1~1");
  EXPECT_FALSE(b.complete());
  EXPECT_TRUE(b.fill(2, json::parse(R"({"id":"lp~1~2","ok":true,"n":3})").as_object()));
  EXPECT_TRUE(b.fill(0, json::parse(R"({"id":"lp~1~0","ok":true,"n":1})").as_object()));
  EXPECT_FALSE(b.fill(0, json::object{{"ok", false}}));  // already answered
  EXPECT_TRUE(b.fill(1, json::parse(R"({"id":"lp~1~1","ok":true,"n":2})").as_object()));
  ASSERT_TRUE(b.complete());
  EXPECT_EQ(
      json::parse(b.answer()),
      json::parse(R"([{"id":"a","ok":true,"n":1},{"ok":true,"n":2},{"id":5,"ok":true,"n":3}])"));
}

TEST(LpPostBatch, NonObjectsAreAnsweredAtOnceAndMissingRepliesFail) {
  auto requests = json::parse(R"([1,"x",{"id":"q","op":"slow"}])").as_array();
  PostBatch b(requests, "p");
  ASSERT_EQ(b.outgoing().size(), 1u);
  EXPECT_EQ(b.outgoing()[0].slot, 2u);
  b.fail_missing("unavailable", "no reply in time");
  ASSERT_TRUE(b.complete());
  auto answer = json::parse(b.answer()).as_array();
  EXPECT_EQ(answer[0].at("error").at("code"), "bad_request");
  EXPECT_EQ(answer[1].at("error").at("code"), "bad_request");
  EXPECT_EQ(answer[2].at("id"), "q");
  EXPECT_EQ(answer[2].at("error").at("code"), "unavailable");
}

TEST(LpPostBatch, AnEmptyPostIsCompleteAtOnce) {
  PostBatch b(json::array{}, "p");
  EXPECT_TRUE(b.complete());
  EXPECT_EQ(b.answer(), "[]");
}

TEST(LpPostBatch, PagedReadsShareTheReplyBudget) {
  std::string body = "[";
  for (int i = 0; i < 10; ++i) body += R"({"op":"history","chat":"c","limit":500},)";
  body += R"({"op":"send","to":"u","body":"hi"}])";
  auto requests = json::parse(body).as_array();
  PostBatch b(requests, "p", 100'000);
  ASSERT_EQ(b.outgoing().size(), 11u);
  for (std::size_t i = 0; i < 10; ++i)
    EXPECT_EQ(json::parse(b.outgoing()[i].frame).at("max_bytes"), 10'000);
  EXPECT_FALSE(json::parse(b.outgoing()[10].frame).as_object().contains("max_bytes"));
}

TEST(LpPostBatch, AClientsSmallerPageStandsAndTheShareStaysInTheCoresRange) {
  auto requests = json::parse(R"([{"op":"sync","max_bytes":2000},{"op":"sync","max_bytes":900000},)"
                              R"({"op":"sync","max_bytes":"x"}])")
                      .as_array();
  PostBatch b(requests, "p", 30'000);
  EXPECT_EQ(json::parse(b.outgoing()[0].frame).at("max_bytes"), 2000);
  EXPECT_EQ(json::parse(b.outgoing()[1].frame).at("max_bytes"), 10'000);
  EXPECT_EQ(json::parse(b.outgoing()[2].frame).at("max_bytes"), "x");  // the core names it
  json::array many;
  for (int i = 0; i < 200; ++i) many.push_back(json::object{{"op", "sync"}});
  PostBatch small(many, "p", 30'000);
  EXPECT_EQ(json::parse(small.outgoing()[0].frame).at("max_bytes"), PostBatch::kMinPageBytes);
  PostBatch one(json::parse(R"([{"op":"sync"}])").as_array(), "p", 10'000'000);
  EXPECT_EQ(json::parse(one.outgoing()[0].frame).at("max_bytes"), PostBatch::kMaxPageBytes);
}

}  // namespace
}  // namespace transport_longpoll
