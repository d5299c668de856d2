// SPDX-License-Identifier: Apache-2.0
// Files the way clients send them, against the real daemon: the client library seals,
// uploads in several PATCHes and downloads in ranges; sbctl send-file and get-file round
// trip between two profiles; a blob altered on the server is refused on download.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <switchboard/client/media.hpp>

#include "media_server.hpp"
#include "process.hpp"

namespace sb::media_test {
namespace {

using e2e::Person;
using e2e::Server;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
constexpr auto WS = client::TransportKind::websocket;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

client::Endpoint endpoint(const Server& s) {
  return {"127.0.0.1", std::to_string(s.port())};
}

TEST(MediaFiles, TheLibrarySealsUploadsInPiecesAndOpensWhatItDownloadsInRanges) {
  Server server(media_options());
  Person alice(server, 1, WS), bob(server, 2, WS);
  ASSERT_TRUE(alice.connect());
  ASSERT_TRUE(bob.connect());
  test::TempDir dir;
  auto plain = random_bytes(300 * 1024 + 17);
  write_file(fs::path(dir.path()) / "photo.jpg", plain);

  client::UploadOptions options;
  options.content_type = "image/jpeg";
  options.chunk_bytes = 64 * 1024;  // five PATCHes
  auto file = client::MediaApi(endpoint(server), alice.tokens().access_token)
                  .upload_file(dir.path() + "/photo.jpg", options);
  EXPECT_EQ(file.size, plain.size() + 28);
  EXPECT_EQ(file.name, "photo.jpg");
  EXPECT_EQ(blob_files(server), 1u);
  // What is stored is not the plaintext.
  auto up_hash = alice.call("media.exists", {{"sha256", sha256_hex(plain)}});
  EXPECT_EQ(up_hash.fields.at("exists"), false);
  EXPECT_EQ(alice.call("media.exists", {{"sha256", file.sha256}}).fields.at("exists"), true);

  auto sent =
      alice.call("send", {{"to", {{"user", bob.user()}}},
                          {"client_msg_id", "file-1"},
                          {"body", {{"file", client::media_file_fields(file)}}},
                          {"media", client::json::array{client::json::value(file.media_id)}}});
  ASSERT_TRUE(sent.ok) << sent.error_code << " " << sent.error_message;
  auto ev = bob.wait_for([](const client::Event& e) {
    return e.ev == "message" && e.fields.at("body").as_object().contains("file");
  });
  ASSERT_EQ(ev.ev, "message");
  auto received = client::media_file_from(ev.fields.at("body").at("file").as_object());
  client::Reply link;
  ASSERT_TRUE(e2e::eventually([&] { return (link = media_url(bob, received.media_id)).ok; }));
  client::MediaApi(endpoint(server), bob.tokens().access_token)
      .download_file(std::string(link.fields.at("url").as_string()), received,
                     dir.path() + "/got.jpg", 100 * 1024);
  EXPECT_EQ(read_file(fs::path(dir.path()) / "got.jpg"), plain);
}

TEST(MediaFiles, ABlobAlteredOnTheServerIsRefusedAndLeavesNoFile) {
  Server server(media_options());
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  test::TempDir dir;
  write_file(fs::path(dir.path()) / "doc.pdf", random_bytes(10'000));
  auto file = client::MediaApi(endpoint(server), alice.tokens().access_token)
                  .upload_file(dir.path() + "/doc.pdf");
  auto blob =
      fs::path(server.dir().path()) / "data/media/blobs" / file.sha256.substr(0, 2) / file.sha256;
  ASSERT_TRUE(fs::exists(blob)) << blob;
  auto bytes = read_file(blob);
  bytes[5000] ^= 1;
  fs::permissions(blob, fs::perms::owner_write, fs::perm_options::add);
  write_file(blob, bytes);
  auto link = media_url(alice, file.media_id);
  ASSERT_TRUE(link.ok) << link.error_message;
  try {
    client::MediaApi(endpoint(server), alice.tokens().access_token)
        .download_file(std::string(link.fields.at("url").as_string()), file,
                       dir.path() + "/out.pdf");
    FAIL() << "an altered blob was accepted";
  } catch (const client::Error& e) {
    EXPECT_EQ(e.code(), "tampered") << e.what();
  }
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "out.pdf"));
}

TEST(MediaFiles, TooLargeIsRefusedWithTheLimitNamed) {
  Server server(media_options("max_file_bytes = 1000"));
  Person alice(server, 1, WS);
  ASSERT_TRUE(alice.connect());
  test::TempDir dir;
  write_file(fs::path(dir.path()) / "big", random_bytes(5000));
  try {
    client::MediaApi(endpoint(server), alice.tokens().access_token)
        .upload_file(dir.path() + "/big");
    FAIL();
  } catch (const client::Error& e) {
    EXPECT_EQ(e.code(), "too_large") << e.what();
    EXPECT_NE(std::string(e.what()).find("max_file_bytes"), std::string::npos) << e.what();
  }
}

class SbctlFiles : public ::testing::Test {
 protected:
  e2e::ProcessResult sbctl(std::vector<std::string> args) {
    args.insert(args.begin(), SB_SBCTL);
    return e2e::run(args, {{"HOME", home.path()}}, {}, 60s);
  }
  test::TempDir home;
};

TEST_F(SbctlFiles, SendFileAndGetFileRoundTripBetweenTwoProfiles) {
  Server server(media_options());
  for (auto [profile, n] : {std::pair{"alice", 1}, std::pair{"bob", 2}}) {
    auto r = sbctl({"--server", server.url(), "--profile", profile, "register", Server::phone(n),
                    "--code", Server::code(n)});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  auto bob = json::parse(sbctl({"--profile", "bob", "whoami", "--json"}).out);
  std::string bob_id(bob.at("user_id").as_string());
  auto plain = random_bytes(5 * 1024 * 1024 + 3);  // more than one piece each way
  write_file(fs::path(home.path()) / "voice.ogg", plain);

  auto sent = sbctl({"--profile", "alice", "--json", "send-file", bob_id,
                     home.path() + "/voice.ogg", "--type", "audio/ogg", "--caption", "listen"});
  ASSERT_EQ(sent.code, 0) << sent.err;
  auto s = json::parse(sent.out).as_object();
  std::string msg(s.at("msg_id").as_string());
  EXPECT_EQ(s.at("file").at("type"), "audio/ogg");

  auto got = sbctl({"--profile", "bob", "get-file", msg, home.path() + "/got.ogg"});
  ASSERT_EQ(got.code, 0) << got.err;
  EXPECT_NE(got.out.find("audio/ogg"), std::string::npos) << got.out;
  EXPECT_EQ(read_file(fs::path(home.path()) / "got.ogg"), plain);

  // Bad input: a message reference that is none, a missing file, a text message.
  EXPECT_EQ(sbctl({"--profile", "bob", "get-file", "nonsense", home.path() + "/x"}).code, 2);
  EXPECT_EQ(sbctl({"--profile", "alice", "send-file", bob_id, home.path() + "/none"}).code, 2);
  auto text = sbctl({"--profile", "alice", "--json", "send", bob_id, "hi"});
  std::string text_msg(json::parse(text.out).at("msg_id").as_string());
  auto no_file = sbctl({"--profile", "bob", "get-file", text_msg, home.path() + "/x"});
  EXPECT_EQ(no_file.code, 5);
  EXPECT_NE(no_file.err.find("carries no file"), std::string::npos) << no_file.err;
  EXPECT_FALSE(fs::exists(fs::path(home.path()) / "x"));
}

}  // namespace
}  // namespace sb::media_test
