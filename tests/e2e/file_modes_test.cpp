// SPDX-License-Identifier: Apache-2.0
// What the daemon writes is for its own user: after a start and a login, the data directory
// is 0700 and every file in it (the SQLite database with its -wal and -shm, jwt.key, the
// sms-file log) has no group or other access, whatever the umask it was started with.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "e2e_server.hpp"

namespace sb::e2e {
namespace {

namespace fs = std::filesystem;

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST(FileModes, TheDataDirAndEverythingInItAreOwnerOnly) {
  mode_t before = ::umask(0);  // the daemon inherits the loosest umask
  ServerOptions o;
  o.core = CoreKind::real;
  Server server(o);
  ::umask(before);
  // A real number: a code goes through sms-file and is stored hashed in SQLite.
  auto r = test::http_post(server.port(), "/v1/auth/request-code", R"({"phone":"+15557770099"})");
  ASSERT_EQ(r.status, 202) << r.body;

  fs::path data = server.dir().path() + "/data";
  EXPECT_EQ(mode_of(data), 0700u);
  for (const char* name :
       {"switchboard.db", "switchboard.db-wal", "switchboard.db-shm", "jwt.key", "sms.jsonl"}) {
    ASSERT_TRUE(fs::exists(data / name)) << name;
    EXPECT_EQ(mode_of(data / name), 0600u) << name;
  }
  std::size_t seen = 0;
  for (auto& e : fs::recursive_directory_iterator(data)) {
    ++seen;
    EXPECT_EQ(mode_of(e.path()) & 077, 0u) << e.path();
  }
  EXPECT_GE(seen, 5u);
}

}  // namespace
}  // namespace sb::e2e
