// SPDX-License-Identifier: Apache-2.0
// Sealed files: a round trip gives the same bytes back; an altered byte, a wrong key or a
// wrong hash is refused and leaves no output file; the media body fields round-trip.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <switchboard/client/media.hpp>

#include "../src/file_seal.hpp"

namespace sb::client {
namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path path =
      fs::temp_directory_path() / ("seal-test-" + std::to_string(std::random_device{}()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
  std::string operator/(const char* name) const { return (path / name).string(); }
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string some_bytes(std::size_t n) {
  std::mt19937 rng(7);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

TEST(FileSeal, RoundTripsAcrossBufferBoundaries) {
  Dir d;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{65536}, std::size_t{200001}}) {
    auto plain = some_bytes(n);
    write(d / "in", plain);
    auto sealed = detail::seal_file(d / "in", d / "sealed");
    EXPECT_EQ(sealed.size, n + 28) << n;
    EXPECT_EQ(fs::file_size(d / "sealed"), sealed.size);
    EXPECT_EQ(sealed.sha256.size(), 64u);
    if (n > 0) {
      EXPECT_NE(read(d / "sealed").substr(12, n), plain) << "not encrypted";
    }
    detail::open_file(d / "sealed", sealed.key, sealed.sha256, d / "out");
    EXPECT_EQ(read(d / "out"), plain) << n;
  }
}

TEST(FileSeal, FreshKeysMakeDifferentCiphertext) {
  Dir d;
  write(d / "in", "same plaintext");
  auto a = detail::seal_file(d / "in", d / "a");
  auto b = detail::seal_file(d / "in", d / "b");
  EXPECT_NE(a.key, b.key);
  EXPECT_NE(a.sha256, b.sha256);
}

TEST(FileSeal, AlteredBytesAWrongKeyOrAWrongHashAreRefusedAndLeaveNothing) {
  Dir d;
  write(d / "in", some_bytes(5000));
  auto sealed = detail::seal_file(d / "in", d / "sealed");
  auto bytes = read(d / "sealed");
  bytes[100] ^= 1;
  write(d / "altered", bytes);
  auto refused = [&](const std::string& in, const std::string& key, const std::string& sha) {
    try {
      detail::open_file(in, key, sha, d / "out");
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "tampered");
      return !fs::exists(d / "out") && !fs::exists(d / "out.part");
    }
    return false;
  };
  EXPECT_TRUE(refused(d / "altered", sealed.key, ""));  // the tag catches it without a hash
  EXPECT_TRUE(refused(d / "altered", sealed.key, sealed.sha256));
  std::string other_key = sealed.key;
  other_key[0] ^= 1;
  EXPECT_TRUE(refused(d / "sealed", other_key, ""));
  EXPECT_TRUE(refused(d / "sealed", sealed.key, std::string(64, '0')));
  write(d / "short", "tiny");
  EXPECT_TRUE(refused(d / "short", sealed.key, ""));
}

TEST(FileSeal, AMissingInputIsALocalErrorNamingIt) {
  Dir d;
  try {
    detail::seal_file(d / "nope", d / "sealed");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::local);
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
  }
}

TEST(MediaFileFields, RoundTripAndNameWhatIsMissing) {
  MediaFile f{"m_0123", std::string(64, 'a'), std::string(64, 'b'), 99, "image/png", "cat.png"};
  auto back = media_file_from(media_file_fields(f));
  EXPECT_EQ(back.media_id, f.media_id);
  EXPECT_EQ(back.key, f.key);
  EXPECT_EQ(back.size, 99u);
  EXPECT_EQ(back.name, "cat.png");
  auto fields = media_file_fields(f);
  fields["key"] = "zz";
  try {
    media_file_from(fields);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("key"), std::string::npos);
  }
  fields.erase("id");
  EXPECT_THROW(media_file_from(fields), Error);
}

TEST(Hex, RoundTripsAndRefusesJunk) {
  EXPECT_EQ(detail::to_hex("\x01\xff"), "01ff");
  EXPECT_EQ(detail::from_hex("01FF"), std::string("\x01\xff"));
  EXPECT_EQ(detail::from_hex("0g"), "");
  EXPECT_EQ(detail::from_hex("abc"), "");
}

}  // namespace
}  // namespace sb::client
