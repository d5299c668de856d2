// SPDX-License-Identifier: Apache-2.0
// Who may fetch media, and how long it stays: members of the chat it was sent to, not
// strangers; a forward re-uses the id; unheld media goes with retention.
#include <gtest/gtest.h>

#include "media_server.hpp"

namespace sb::media_test {
namespace {

using e2e::Person;
using e2e::Server;
constexpr auto WS = client::TransportKind::websocket;
namespace json = client::json;

client::Reply send_media(Person& from, const std::string& to, const std::string& id,
                         const std::string& text) {
  return from.call("send", {{"to", {{"user", to}}},
                            {"client_msg_id", text},
                            {"body", {{"text", text}}},
                            {"media", json::array{json::value(id)}}});
}

TEST(MediaHolds, OnlyTheChatsTheMediaWentToMayFetchIt) {
  Server server(media_options());
  Person alice(server, 1, WS), bob(server, 2, WS), carol(server, 3, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  ASSERT_TRUE(carol.connect());
  auto id = media_id(upload(server, alice, random_bytes(4000)));
  ASSERT_FALSE(id.empty());

  // Before it is sent anywhere, only alice may fetch it.
  EXPECT_EQ(media_url(bob, id).error_code, "forbidden");
  ASSERT_TRUE(send_media(alice, bob.user(), id, "for bob").ok);
  ASSERT_EQ(bob.wait_message("for bob").ev, "message");
  EXPECT_TRUE(e2e::eventually([&] { return media_url(bob, id).ok; }));

  auto stranger = media_url(carol, id);
  EXPECT_EQ(stranger.error_code, "forbidden");
  EXPECT_NE(stranger.error_message.find(id), std::string::npos);
  // Carol cannot get at it by naming it in a message of her own either.
  EXPECT_EQ(send_media(carol, alice.user(), id, "mine now").error_code, "forbidden");

  // Bob forwards it to carol: the same id, nothing uploaded again; now carol may fetch it.
  ASSERT_TRUE(send_media(bob, carol.user(), id, "fwd").ok);
  EXPECT_TRUE(e2e::eventually([&] { return media_url(carol, id).ok; }));

  EXPECT_EQ(send_media(alice, bob.user(), "m_00000000000000000000000000000000", "x").error_code,
            "not_found");
  EXPECT_EQ(send_media(alice, bob.user(), "../etc", "y").error_code, "bad_request");
}

TEST(MediaHolds, RetentionDeletesMediaNobodyHoldsAndFreesTheQuota) {
  Server server(
      media_options("retention_seconds = 2\nsweep_interval_seconds = 1\nquota_bytes = 150000"));
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  auto kept = media_id(upload(server, alice, random_bytes(70000)));
  ASSERT_TRUE(send_media(alice, bob.user(), kept, "kept").ok);
  ASSERT_TRUE(e2e::eventually([&] { return media_url(bob, kept).ok; }));
  auto loose = media_id(upload(server, alice, random_bytes(70000)));
  ASSERT_FALSE(loose.empty());

  // Watched through the blob folder: media.url has a rate limit that polling would hit.
  EXPECT_TRUE(e2e::eventually([&] { return blob_files(server) == 1; }));
  EXPECT_EQ(media_url(alice, loose).error_code, "not_found");
  EXPECT_TRUE(media_url(bob, kept).ok) << "held by a message";
  EXPECT_EQ(upload(server, alice, random_bytes(70000)).status, 200) << "the quota was freed";
}

}  // namespace
}  // namespace sb::media_test
