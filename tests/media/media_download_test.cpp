// SPDX-License-Identifier: Apache-2.0
// Downloads against the real daemon: links that expired, were altered or belong to other
// media; Range; If-None-Match; and ids that are not ours.
#include <gtest/gtest.h>

#include "media_server.hpp"

namespace sb::media_test {
namespace {

using e2e::Person;
using e2e::Server;
constexpr auto WS = client::TransportKind::websocket;

struct Uploaded {
  std::string id, url, bytes;
};

Uploaded own_media(const Server& server, Person& who, std::size_t size) {
  Uploaded u;
  u.bytes = random_bytes(size);
  u.id = media_id(upload(server, who, u.bytes, "text/plain"));
  auto link = media_url(who, u.id);
  if (link.ok) u.url = std::string(link.fields.at("url").as_string());
  return u;
}

TEST(MediaDownload, ExpiredAlteredAndForeignLinksAreRefused) {
  Server server(media_options());
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  auto a = own_media(server, alice, 1000), b = own_media(server, alice, 2000);
  ASSERT_FALSE(a.url.empty());
  EXPECT_EQ(download(server, a.url).status, 200);

  auto tampered = a.url;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  auto t = download(server, tampered);
  EXPECT_EQ(t.status, 403);
  EXPECT_EQ(t.error_code(), "forbidden");

  // b's signature on a's path: a link does not move to other media.
  auto foreign = "/v1/media/" + a.id + b.url.substr(b.url.find('?'));
  EXPECT_EQ(download(server, foreign).status, 403);
  EXPECT_EQ(download(server, "/v1/media/" + a.id).status, 403) << "no exp, no sig";

  // A correctly signed link whose time is over.
  auto exp = std::to_string(std::time(nullptr) - 10);
  auto sig = hmac_sha256_hex(url_key(server), a.id + "\n" + exp);
  auto expired = download(server, "/v1/media/" + a.id + "?exp=" + exp + "&sig=" + sig);
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(expired.error_code(), "expired");

  auto traversal = download(server, "/v1/media/..%2F..%2Fjwt.key?exp=9999999999&sig=00");
  EXPECT_EQ(traversal.status, 403);
}

TEST(MediaDownload, RangesAreServedAndBrokenOnesRefused) {
  Server server(media_options());
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  auto m = own_media(server, alice, 1000);
  ASSERT_FALSE(m.url.empty());

  auto part = download(server, m.url, {{"Range", "bytes=10-19"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, m.bytes.substr(10, 10));
  EXPECT_EQ(part.header("content-range"), "bytes 10-19/1000");
  auto tail = download(server, m.url, {{"Range", "bytes=-5"}});
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, m.bytes.substr(995));

  auto outside = download(server, m.url, {{"Range", "bytes=1000-"}});
  EXPECT_EQ(outside.status, 416);
  EXPECT_EQ(outside.header("content-range"), "bytes */1000");
  for (auto bad : {"bytes=-5-10", "bytes=20-10", "bytes=abc"}) {
    auto r = download(server, m.url, {{"Range", bad}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("Range"), std::string::npos) << bad;
  }
}

TEST(MediaDownload, AnUnchangedCopyIsNotSentAgain) {
  Server server(media_options());
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  auto m = own_media(server, alice, 5000);
  auto first = download(server, m.url);
  ASSERT_EQ(first.status, 200);
  auto again = download(server, m.url, {{"If-None-Match", first.header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(download(server, m.url, {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST(MediaDownload, IdsThatAreNotMediaGetClearErrors) {
  Server server(media_options());
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  auto bad = media_url(alice, "../../etc/passwd");
  EXPECT_EQ(bad.error_code, "bad_request");
  EXPECT_NE(bad.error_message.find("media_id"), std::string::npos);
  auto unknown = media_url(alice, "m_00000000000000000000000000000000");
  EXPECT_EQ(unknown.error_code, "not_found");
  EXPECT_EQ(alice.call("media.url", {}).error_code, "bad_request");
  EXPECT_EQ(alice.call("media.exists", {{"sha256", "xyz"}}).error_code, "bad_request");
}

}  // namespace
}  // namespace sb::media_test
