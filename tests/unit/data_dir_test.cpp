// SPDX-License-Identifier: Apache-2.0
// The data directory is owner-only: created 0700, and an existing one (and what is in it)
// loses group and other access at start, with a warning naming each file.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bus_test_support.hpp"
#include "kernel/host/data_dir.hpp"

namespace sb::kernel {
namespace {

namespace fs = std::filesystem;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

class DataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("sb-data-dir-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root, ignored);
  }
  void touch(const fs::path& p, unsigned mode) {
    std::ofstream(p) << "x";
    ::chmod(p.c_str(), mode);
  }
  fs::path root;
  CapturingLogger log;
};

TEST_F(DataDir, ANewOneIsCreatedOwnerOnly) {
  auto dir = root / "a" / "data";
  EXPECT_EQ(prepare_data_dir(dir.string(), log), 0u);
  EXPECT_EQ(mode_of(dir), 0700u);
}

TEST_F(DataDir, LooserModesAreTightenedAndLogged) {
  auto dir = root / "data";
  fs::create_directories(dir / "admin");
  ::chmod(dir.c_str(), 0755);
  ::chmod((dir / "admin").c_str(), 0775);
  touch(dir / "switchboard.db", 0644);
  touch(dir / "switchboard.db-wal", 0664);
  touch(dir / "jwt.key", 0600);
  touch(dir / "readonly", 0440);
  touch(dir / "admin" / "accounts.json", 0666);
  touch(root / "outside", 0644);
  fs::create_symlink(root / "outside", dir / "link");

  EXPECT_EQ(prepare_data_dir(dir.string(), log), 6u);
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(mode_of(dir / "admin"), 0700u);
  EXPECT_EQ(mode_of(dir / "switchboard.db"), 0600u);
  EXPECT_EQ(mode_of(dir / "switchboard.db-wal"), 0600u);
  EXPECT_EQ(mode_of(dir / "jwt.key"), 0600u);
  EXPECT_EQ(mode_of(dir / "readonly"), 0400u);  // tightened, never widened
  EXPECT_EQ(mode_of(dir / "admin" / "accounts.json"), 0600u);
  EXPECT_EQ(mode_of(root / "outside"), 0644u);  // a link is not followed
  EXPECT_TRUE(log.contains("took group and other access away"));
  EXPECT_TRUE(log.contains("switchboard.db-wal"));
  EXPECT_TRUE(log.contains("\"was\":\"0664\""));

  // A second start has nothing to say.
  CapturingLogger again;
  EXPECT_EQ(prepare_data_dir(dir.string(), again), 0u);
  EXPECT_FALSE(again.contains("data_dir"));
}

TEST_F(DataDir, AFileWhereTheDirectoryShouldBeIsNamed) {
  touch(root / "file", 0600);
  try {
    prepare_data_dir((root / "file").string(), log);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("server.data_dir"), std::string::npos) << e.what();
  }
}

TEST(Umask, RestrictUmaskAddsGroupAndOtherBits) {
  mode_t before = ::umask(022);
  restrict_umask();
  mode_t now = ::umask(before);
  EXPECT_EQ(now, 077u);
}

}  // namespace
}  // namespace sb::kernel
