// SPDX-License-Identifier: Apache-2.0
// Uploads against the real daemon: a round trip with its checksum, dedup with one file on
// disk, the size limit and the quota, and a resumable upload that survives a dropped
// connection.
#include <gtest/gtest.h>

#include "media_server.hpp"

namespace sb::media_test {
namespace {

using e2e::Person;
using e2e::Server;
constexpr auto WS = client::TransportKind::websocket;

std::string str(const boost::json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

TEST(MediaUpload, AliceUploadsAndBobDownloadsTheSameBytes) {
  Server server(media_options());
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  auto bytes = random_bytes(700 * 1024);  // several pieces each way

  auto up = upload(server, alice, bytes, "image/jpeg");
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(str(up.json(), "sha256"), sha256_hex(bytes));
  EXPECT_EQ(up.json().at("size").to_number<std::size_t>(), bytes.size());
  auto id = media_id(up);

  auto sent = alice.call("send", {{"to", {{"user", bob.user()}}},
                                  {"client_msg_id", "photo-1"},
                                  {"body", {{"text", "a photo"}}},
                                  {"media", client::json::array{client::json::value(id)}}});
  ASSERT_TRUE(sent.ok) << sent.error_code << " " << sent.error_message;
  ASSERT_EQ(bob.wait_message("a photo").ev, "message");

  client::Reply link;
  ASSERT_TRUE(e2e::eventually([&] { return (link = media_url(bob, id)).ok; }))
      << link.error_code << " " << link.error_message;
  auto got = download(server, std::string(link.fields.at("url").as_string()));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(sha256_hex(got.body), sha256_hex(bytes));
  EXPECT_EQ(got.header("content-type"), "image/jpeg");
  EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(got.header("etag"), "\"" + sha256_hex(bytes) + "\"");
}

TEST(MediaUpload, IdenticalBytesAreStoredOnceAndGoWithTheirLastUser) {
  Server server(media_options());
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  auto bytes = random_bytes(64 * 1024);

  auto a1 = media_id(upload(server, alice, bytes)), a2 = media_id(upload(server, alice, bytes));
  auto b1 = media_id(upload(server, bob, bytes));
  ASSERT_FALSE(a1.empty());
  EXPECT_EQ(a1, a2) << "alice's second upload of the same bytes is her first";
  EXPECT_NE(a1, b1);
  EXPECT_EQ(blob_files(server), 1u);

  auto asked = alice.call("media.exists", {{"sha256", sha256_hex(bytes)}});
  ASSERT_TRUE(asked.ok);
  EXPECT_EQ(asked.fields.at("media_id").as_string(), a1);

  ASSERT_TRUE(alice.call("media.delete", {{"media_id", a1}}).ok);
  EXPECT_EQ(blob_files(server), 1u) << "bob still uses the bytes";
  EXPECT_FALSE(bob.call("media.delete", {{"media_id", a1}}).ok) << "not bob's to delete";
  ASSERT_TRUE(bob.call("media.delete", {{"media_id", b1}}).ok);
  EXPECT_EQ(blob_files(server), 0u);
}

TEST(MediaUpload, TheSizeLimitAndTheQuotaAreNamedWhenRefused) {
  Server server(media_options("max_file_bytes = 100000\nquota_bytes = 250000"));
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());

  auto big = upload(server, alice, random_bytes(100001));
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("max_file_bytes"), std::string::npos) << big.body;

  // Chunked, so the size shows only while streaming.
  std::string chunked = "186a1\r\n" + random_bytes(100001) + "\r\n0\r\n\r\n";
  auto streamed = request(server.port(), "POST", "/v1/media",
                          {{"Authorization", "Bearer " + alice.tokens().access_token},
                           {"Transfer-Encoding", "chunked"}},
                          chunked);
  EXPECT_EQ(streamed.status, 413) << streamed.body;

  EXPECT_EQ(upload(server, alice, random_bytes(100000)).status, 200);
  EXPECT_EQ(upload(server, alice, random_bytes(100000)).status, 200);
  auto over = upload(server, alice, random_bytes(60000));
  EXPECT_EQ(over.status, 507);
  EXPECT_NE(over.body.find("quota_bytes"), std::string::npos) << over.body;
  EXPECT_EQ(blob_files(server), 2u) << "the refused upload left nothing behind";

  auto resumable = request(
      server.port(), "POST", "/v1/media/uploads",
      {{"Authorization", "Bearer " + alice.tokens().access_token}, {"Upload-Length", "60000"}});
  EXPECT_EQ(resumable.status, 507);
}

TEST(MediaUpload, AResumableUploadGoesOnAfterTheConnectionDropped) {
  Server server(media_options());
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  auto bytes = random_bytes(900 * 1024);
  Headers auth{{"Authorization", "Bearer " + alice.tokens().access_token}};

  auto made = request(server.port(), "POST", "/v1/media/uploads",
                      {auth[0],
                       {"Upload-Length", std::to_string(bytes.size())},
                       {"Content-Type", "video/mp4"},
                       {"Tus-Resumable", "1.0.0"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto where = made.header("location");
  ASSERT_FALSE(where.empty());
  Headers patch{
      auth[0], {"Tus-Resumable", "1.0.0"}, {"Content-Type", "application/offset+octet-stream"}};

  // The first 300 KiB go, then the connection drops.
  auto first = patch;
  first.emplace_back("Upload-Offset", "0");
  send_cut(server.port(), "PATCH", where, first, bytes.size(), bytes.substr(0, 300 * 1024));

  std::size_t offset = 0;
  ASSERT_TRUE(e2e::eventually([&] {
    auto head = request(server.port(), "HEAD", where, {auth[0], {"Tus-Resumable", "1.0.0"}});
    if (head.status != 200) return false;
    offset = std::stoull(head.header("upload-offset"));
    return offset == 300 * 1024;
  })) << "offset "
      << offset;

  auto wrong = patch;
  wrong.emplace_back("Upload-Offset", "5");
  auto conflict = request(server.port(), "PATCH", where, wrong, "xx");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.header("upload-offset"), std::to_string(offset));

  auto rest = patch;
  rest.emplace_back("Upload-Offset", std::to_string(offset));
  auto done = request(server.port(), "PATCH", where, rest, bytes.substr(offset));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(str(done.json(), "sha256"), sha256_hex(bytes));
  EXPECT_EQ(str(done.json(), "content_type"), "video/mp4");
  EXPECT_EQ(request(server.port(), "HEAD", where, {auth[0]}).status, 404) << "finished";
}

TEST(MediaUpload, BadUploadsGetClearErrors) {
  Server server(media_options());
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  Headers auth{{"Authorization", "Bearer " + alice.tokens().access_token}};

  EXPECT_EQ(request(server.port(), "POST", "/v1/media", {}, "x").status, 401);
  EXPECT_EQ(
      request(server.port(), "POST", "/v1/media", {{"Authorization", "Bearer nope"}}, "x").status,
      401);
  auto bad_type =
      request(server.port(), "POST", "/v1/media", {auth[0], {"Content-Type", "jpeg"}}, "x");
  EXPECT_EQ(bad_type.status, 400);
  EXPECT_NE(bad_type.body.find("Content-Type"), std::string::npos);

  auto negative =
      request(server.port(), "POST", "/v1/media/uploads", {auth[0], {"Upload-Length", "-5"}});
  EXPECT_EQ(negative.status, 400);
  EXPECT_NE(negative.body.find("Upload-Length"), std::string::npos);
  EXPECT_EQ(request(server.port(), "HEAD", "/v1/media/uploads/u_..%2F..%2Fetc", auth).status, 404);
  EXPECT_EQ(
      request(
          server.port(), "PATCH", "/v1/media/uploads/u_0123",
          {auth[0], {"Content-Type", "application/offset+octet-stream"}, {"Upload-Offset", "0"}},
          "x")
          .status,
      404);
  EXPECT_EQ(blob_files(server), 0u);
}

}  // namespace
}  // namespace sb::media_test
