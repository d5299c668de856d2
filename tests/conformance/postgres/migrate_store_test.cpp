// SPDX-License-Identifier: Apache-2.0
// `switchboard migrate-store` end to end: the conformance data set written through
// store-sqlite, moved by the real binary into a fresh PostgreSQL database, then checked
// through store-postgres; a second run refuses the target that now holds data.
#include <gmock/gmock.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "data_set.hpp"
#include "postgres_factory.hpp"
#include "sqlite_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::HasSubstr;

struct Run {
  int status = -1;
  std::string output;
};

Run run(const std::string& command) {
  Run r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path.string();
}

TEST(MigrateStore, MovesASqliteDeploymentIntoPostgres) {
  SqliteFactory sqlite;
  data_set::Written written;
  {
    auto s = sqlite.open();
    written = data_set::fill(s);
    s = {};
    sqlite.close();
  }
  PostgresFactory pg;
  auto dir = std::filesystem::path(sqlite.db_path()).parent_path();
  std::string plugins = "[plugins]\ndirs = [\"" SB_CONFORMANCE_PLUGIN_DIR "\"]\n";
  auto from =
      write_file(dir / "from.toml", "[server]\ndata_dir = \"" + dir.string() + "\"\n" + plugins +
                                        "[plugin.store]\nuse = \"store-sqlite\"\n"
                                        "path = \"" +
                                        sqlite.db_path() + "\"\n");
  auto to =
      write_file(dir / "to.toml", "[server]\ndata_dir = \"" + dir.string() + "\"\n" + plugins +
                                      "[plugin.store]\nuse = \"store-postgres\"\ndsn = \"" +
                                      PostgresFactory::toml_escape(pg.dsn()) + "\"\n");
  auto command =
      std::string(SB_SWITCHBOARD_BINARY) + " migrate-store --from " + from + " --to " + to;

  auto first = run(command);
  std::cout << first.output;
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("verified"));
  {
    auto s = pg.open();
    data_set::verify(s, written);
    s = {};
    pg.close();
  }
  auto second = run(command);
  EXPECT_EQ(second.status, 1) << second.output;
  EXPECT_THAT(second.output, HasSubstr("not empty"));
}

TEST(MigrateStore, MovesAPostgresDeploymentBackIntoSqlite) {
  PostgresFactory pg;
  data_set::Written written;
  {
    auto s = pg.open();
    written = data_set::fill(s);
    s = {};
    pg.close();
  }
  SqliteFactory sqlite;  // nothing opened yet: migrate-store creates the database
  auto dir = std::filesystem::path(sqlite.db_path()).parent_path();
  std::string plugins = "[plugins]\ndirs = [\"" SB_CONFORMANCE_PLUGIN_DIR "\"]\n";
  auto from =
      write_file(dir / "from.toml", "[server]\ndata_dir = \"" + dir.string() + "\"\n" + plugins +
                                        "[plugin.store]\nuse = \"store-postgres\"\ndsn = \"" +
                                        PostgresFactory::toml_escape(pg.dsn()) + "\"\n");
  auto to =
      write_file(dir / "to.toml", "[server]\ndata_dir = \"" + dir.string() + "\"\n" + plugins +
                                      "[plugin.store]\nuse = \"store-sqlite\"\n"
                                      "path = \"" +
                                      sqlite.db_path() + "\"\n");
  auto r = run(std::string(SB_SWITCHBOARD_BINARY) + " migrate-store --batch 7 --from " + from +
               " --to " + to);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("verified"));
  auto s = sqlite.open();
  data_set::verify(s, written);
  s = {};
}

TEST(MigrateStore, NeedsBothConfigs) {
  auto r = run(std::string(SB_SWITCHBOARD_BINARY) + " migrate-store --from x.toml");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--to"));
}

}  // namespace
}  // namespace sb::conformance
