// SPDX-License-Identifier: Apache-2.0
// sbctl's login state: where it lives ($XDG_CONFIG_HOME, else $HOME), a round trip, and its
// file mode.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "profile.hpp"

namespace sbctl {
namespace {

namespace fs = std::filesystem;

class SbctlProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sbctl-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    old_home_ = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", dir_.c_str(), 1);
    ::unsetenv("XDG_CONFIG_HOME");
  }
  void TearDown() override {
    ::setenv("HOME", old_home_.c_str(), 1);
    ::unsetenv("XDG_CONFIG_HOME");
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string old_home_;
};

TEST_F(SbctlProfile, LivesUnderHomeOrXdgConfigHome) {
  EXPECT_EQ(profile_path("alice"), dir_ / ".config/sbctl/alice.json");
  ::setenv("XDG_CONFIG_HOME", (dir_ / "xdg").c_str(), 1);
  EXPECT_EQ(profile_path("alice"), dir_ / "xdg/sbctl/alice.json");
  ::setenv("XDG_CONFIG_HOME", "relative", 1);  // ignored, as the XDG spec says
  EXPECT_EQ(profile_dir(), dir_ / ".config/sbctl");
}

TEST_F(SbctlProfile, RoundTripsAndIsPrivate) {
  EXPECT_FALSE(load_profile("nobody"));
  Profile p{"https://127.0.0.1:9", "+15551230001", "u_1", "d_1", "acc", "ref", 1234, "/ca.pem"};
  save_profile("alice", p);
  auto back = load_profile("alice");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->user_id, "u_1");
  EXPECT_EQ(back->refresh_token, "ref");
  EXPECT_EQ(back->access_expires_at, 1234);
  EXPECT_EQ(back->ca, "/ca.pem");
  struct stat st {};
  ASSERT_EQ(::stat(profile_path("alice").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

}  // namespace
}  // namespace sbctl
