// SPDX-License-Identifier: Apache-2.0
// The client's frame codec: requests encoded, replies and events told apart, garbage
// refused, cursor dedup.
#include <gtest/gtest.h>

#include <switchboard/client/frames.hpp>

namespace sb::client {
namespace {

TEST(ClientFrames, EncodesRequestsWithIdAndOp) {
  auto text = encode_request("c1", "send", {{"to", {{"user", "u_1"}}}, {"id", "ignored"}});
  auto v = json::parse(text).as_object();
  EXPECT_EQ(v.at("id"), "c1");
  EXPECT_EQ(v.at("op"), "send");
  EXPECT_EQ(v.at("to").at("user"), "u_1");
  EXPECT_FALSE(json::parse(encode_request("", "typing", {})).as_object().contains("id"));
}

TEST(ClientFrames, DecodesReplies) {
  auto ok = decode_frame(R"({"id":"c7","ok":true,"seq":3})");
  ASSERT_TRUE(ok);
  auto& r = std::get<Reply>(*ok);
  EXPECT_EQ(r.id, "c7");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.fields.at("seq"), 3);

  auto bad = decode_frame(R"({"id":"c8","ok":false,"error":{"code":"forbidden","message":"no"}})");
  ASSERT_TRUE(bad);
  auto& b = std::get<Reply>(*bad);
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.error_code, "forbidden");
  EXPECT_EQ(b.error_message, "no");

  auto no_id = decode_frame(R"({"ok":false,"error":{"code":"bad_request"}})");
  ASSERT_TRUE(no_id);
  EXPECT_EQ(std::get<Reply>(*no_id).id, "");
}

TEST(ClientFrames, DecodesEventsWithAndWithoutCursor) {
  auto m = decode_frame(R"({"ev":"message","cursor":12,"body":"hi"})");
  ASSERT_TRUE(m);
  auto& e = std::get<Event>(*m);
  EXPECT_EQ(e.ev, "message");
  ASSERT_TRUE(e.cursor);
  EXPECT_EQ(*e.cursor, 12);
  auto t = decode_frame(R"({"ev":"typing","chat":"c"})");
  ASSERT_TRUE(t);
  EXPECT_FALSE(std::get<Event>(*t).cursor);
}

TEST(ClientFrames, RefusesGarbage) {
  for (const char* text : {"", "not json", "[1,2]", "42", R"({"id":"x"})", R"({"ok":"yes"})",
                           "{\"ev\":5}", "\xff\xfe"})
    EXPECT_FALSE(decode_frame(text)) << text;
}

TEST(ClientFrames, CursorTrackerDropsReplays) {
  CursorTracker t(5);
  EXPECT_FALSE(t.accept(3));
  EXPECT_FALSE(t.accept(5));
  EXPECT_TRUE(t.accept(6));
  EXPECT_FALSE(t.accept(6));
  EXPECT_TRUE(t.accept(9));
  EXPECT_EQ(t.last(), 9);
}

}  // namespace
}  // namespace sb::client
