// SPDX-License-Identifier: Apache-2.0
// Status posts and avatars with the real media layer: only one's own uploads may be posted,
// feeds and profiles carry signed links as privacy allows, and deleting a post or an account
// releases its holds (the media then goes with retention).
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "media_server.hpp"

namespace sb::media_test {
namespace {

using e2e::Person;
using e2e::Server;
constexpr auto WS = client::TransportKind::websocket;
namespace json = client::json;

// Retention short enough to watch a released hold lapse, long enough that a held upload
// would be gone several times over if the hold did not count.
std::string quick_retention() {
  return "retention_seconds = 1\nsweep_interval_seconds = 1";
}

bool gone(Person& owner, const std::string& id) {
  return media_url(owner, id).error_code == "not_found";
}

// Long enough for two sweeps past the retention: what should be kept was not swept.
void past_retention() {
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
}

TEST(MediaSocial, StatusMediaIsOwnCarriesALinkAndItsDeleteReleasesTheHold) {
  Server server(media_options(quick_retention()));
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  ASSERT_TRUE(alice.call("contacts.add", {{"users", json::array{json::value(bob.user())}}}).ok);

  auto unknown = alice.call("status.post", {{"media", "m_00000000000000000000000000000000"}});
  EXPECT_EQ(unknown.error_code, "not_found");
  EXPECT_NE(unknown.error_message.find("media"), std::string::npos) << unknown.error_message;
  auto bobs = media_id(upload(server, bob, random_bytes(3000)));
  ASSERT_FALSE(bobs.empty());
  EXPECT_EQ(alice.call("status.post", {{"media", bobs}}).error_code, "forbidden");

  auto id = media_id(upload(server, alice, random_bytes(5000), "image/jpeg"));
  ASSERT_FALSE(id.empty());
  auto posted = alice.call("status.post", {{"media", id}});
  ASSERT_TRUE(posted.ok) << posted.error_message;
  auto status = std::string(posted.fields.at("status").as_string());

  auto feed = bob.call("status.feed");
  ASSERT_TRUE(feed.ok) << feed.error_message;
  auto& items = feed.fields.at("statuses").as_array();
  ASSERT_EQ(items.size(), 1u);
  auto& item = items[0].as_object();
  EXPECT_EQ(std::string(item.at("media").as_string()), id);
  ASSERT_TRUE(item.contains("media_url"));
  auto got = download(server, std::string(item.at("media_url").as_string()));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.header("content-type"), "image/jpeg");

  past_retention();
  EXPECT_TRUE(media_url(alice, id).ok) << "held by the status post";
  EXPECT_TRUE(gone(bob, bobs)) << "held by nothing";
  ASSERT_TRUE(alice.call("status.delete", {{"status", status}}).ok);
  // Watched through the blob folder: media.url has a rate limit that polling would hit.
  EXPECT_TRUE(e2e::eventually([&] { return blob_files(server) == 0; }));
  EXPECT_TRUE(gone(alice, id));
}

TEST(MediaSocial, AvatarIsOwnAndItsLinkFollowsThePrivacySetting) {
  Server server(media_options());
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  auto bobs = media_id(upload(server, bob, random_bytes(2000)));
  ASSERT_FALSE(bobs.empty());
  auto stolen = alice.call("profile.set", {{"avatar", bobs}});
  EXPECT_EQ(stolen.error_code, "forbidden");
  EXPECT_NE(stolen.error_message.find("avatar"), std::string::npos) << stolen.error_message;
  EXPECT_EQ(
      alice.call("profile.set", {{"avatar", "m_00000000000000000000000000000000"}}).error_code,
      "not_found");

  auto id = media_id(upload(server, alice, random_bytes(2000), "image/png"));
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(alice.call("profile.set", {{"avatar", id}, {"avatar_privacy", "nobody"}}).ok);
  auto hidden = bob.call("profile.get", {{"user", alice.user()}});
  ASSERT_TRUE(hidden.ok) << hidden.error_message;
  EXPECT_FALSE(hidden.fields.contains("avatar_url"));
  EXPECT_FALSE(hidden.fields.contains("avatar"));
  auto own = alice.call("profile.get", {{"user", alice.user()}});
  EXPECT_TRUE(own.fields.contains("avatar_url")) << "the owner always sees it";

  ASSERT_TRUE(alice.call("profile.set", {{"avatar_privacy", "everyone"}}).ok);
  auto shown = bob.call("profile.get", {{"user", alice.user()}});
  ASSERT_TRUE(shown.fields.contains("avatar_url"));
  EXPECT_EQ(download(server, std::string(shown.fields.at("avatar_url").as_string())).status, 200);
}

TEST(MediaSocial, AccountDeleteReleasesItsHolds) {
  Server server(media_options(quick_retention()));
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  auto avatar = media_id(upload(server, alice, random_bytes(2500)));
  auto posted = media_id(upload(server, alice, random_bytes(3500)));
  ASSERT_FALSE(avatar.empty());
  ASSERT_FALSE(posted.empty());
  ASSERT_TRUE(alice.call("profile.set", {{"avatar", avatar}}).ok);
  ASSERT_TRUE(alice.call("status.post", {{"media", posted}}).ok);
  past_retention();
  EXPECT_EQ(blob_files(server), 2u) << "both held";

  ASSERT_TRUE(alice.call("account.delete", {{"confirm", true}}).ok);
  EXPECT_TRUE(e2e::eventually([&] { return blob_files(server) == 0; }));
}

}  // namespace
}  // namespace sb::media_test
