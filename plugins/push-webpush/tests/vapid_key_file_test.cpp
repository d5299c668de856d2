// SPDX-License-Identifier: Apache-2.0
// The VAPID key: generated once into the data directory with mode 0600 and reused after, or
// read from a configured file; unusable files are refused with the key's name.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "vapid_key_file.hpp"

namespace webpush {
namespace {

namespace fs = std::filesystem;

class VapidKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sb-vapid-XXXXXX";
    ASSERT_TRUE(::mkdtemp(tmpl));
    dir = tmpl;
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

TEST_F(VapidKeyFile, GeneratedOnceWithMode0600ThenReused) {
  auto first = load_vapid_key("", (dir / "data").string());
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.path, (dir / "data" / "vapid.pem").string());
  struct stat st {};
  ASSERT_EQ(::stat(first.path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto second = load_vapid_key("", (dir / "data").string());
  EXPECT_FALSE(second.created);
  EXPECT_EQ(public_point(second.key), public_point(first.key));
}

TEST_F(VapidKeyFile, ConfiguredFileIsReadNotCreated) {
  auto made = load_vapid_key("", dir.string());
  fs::rename(made.path, dir / "mine.pem");
  auto loaded = load_vapid_key((dir / "mine.pem").string(), (dir / "other").string());
  EXPECT_FALSE(loaded.created);
  EXPECT_EQ(public_point(loaded.key), public_point(made.key));
  EXPECT_FALSE(fs::exists(dir / "other" / "vapid.pem"));
}

TEST_F(VapidKeyFile, UnusableFilesAreRefusedNamingTheKey) {
  try {
    load_vapid_key((dir / "missing.pem").string(), dir.string());
    FAIL() << "a missing configured file must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("private_key_file: ")) << e.what();
  }
  std::ofstream(dir / "junk.pem") << "not a key\n";
  try {
    load_vapid_key((dir / "junk.pem").string(), dir.string());
    FAIL() << "junk must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("holds no PEM private key"), std::string::npos)
        << e.what();
  }
  // An RSA key is a key, but not one VAPID can use.
  std::string rsa = (dir / "rsa.pem").string();
  EVP_PKEY* rsa_key = EVP_RSA_gen(1024);
  ASSERT_TRUE(rsa_key);
  BIO* out = BIO_new_file(rsa.c_str(), "w");
  ASSERT_TRUE(out);
  EXPECT_EQ(PEM_write_bio_PrivateKey(out, rsa_key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  BIO_free_all(out);
  EVP_PKEY_free(rsa_key);
  try {
    load_vapid_key(rsa, dir.string());
    FAIL() << "an RSA key must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("is not a P-256"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace webpush
