// SPDX-License-Identifier: Apache-2.0
// The ABI version is derived from the SDK's headers: sdk/abi.lock records one fingerprint
// per ABI version, and this test fails when the headers change without a new line there
// (bump SB_ABI_MINOR for additions, SB_ABI_MAJOR otherwise; see docs/plugins.md).
#include "kernel/host/abi_fingerprint.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <tuple>

#include <switchboard/abi.hpp>

namespace sb::kernel {
namespace {

TEST(Abi, HeadersMatchTheRecordedFingerprintOfThisVersion) {
  std::ifstream lock(SB_SOURCE_DIR "/sdk/abi.lock");
  ASSERT_TRUE(lock) << "sdk/abi.lock is missing";
  std::string line, last_version, last_fp;
  std::tuple<int, int> previous{-1, -1};
  while (std::getline(lock, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string version, fp;
    fields >> version >> fp;
    int major = -1, minor = -1;
    ASSERT_EQ(std::sscanf(version.c_str(), "%d.%d", &major, &minor), 2) << line;
    ASSERT_LT(previous, std::make_tuple(major, minor)) << "versions must grow line by line";
    previous = {major, minor};
    last_version = version;
    last_fp = fp;
  }
  std::string current = std::to_string(SB_ABI_MAJOR) + "." + std::to_string(SB_ABI_MINOR);
  EXPECT_EQ(last_version, current)
      << "abi.hpp says " << current << " but the last line of sdk/abi.lock is " << last_version;
  EXPECT_EQ(last_fp, abi_fingerprint(SB_SOURCE_DIR "/sdk/include/switchboard"))
      << "The SDK headers changed since ABI " << last_version
      << " was recorded. Bump SB_ABI_MINOR (additions) or SB_ABI_MAJOR (changes) in "
         "sdk/include/switchboard/abi.hpp and append the new fingerprint, printed by "
         "`switchboard abi-fingerprint`, to sdk/abi.lock.";
}

TEST(Abi, CommentsAndLayoutDoNotCountButCodeDoes) {
  EXPECT_EQ(normalize_header("int  a; // note\n/* more */ int b;"),
            normalize_header("int a;\n\nint b; // other note"));
  EXPECT_NE(normalize_header("int a;"), normalize_header("long a;"));
  // Comment markers inside string literals are code.
  EXPECT_EQ(normalize_header("auto s = \"//not a comment\";"), "auto s = \"//not a comment\";");
}

}  // namespace
}  // namespace sb::kernel
