// SPDX-License-Identifier: Apache-2.0
// The same promise on store-postgres: a distinctive plaintext and a file's key, sent between
// two sbctl users, are in no file under the data dir and nowhere in a pg_dump of the
// database; the receiver reads both. Needs SB_TEST_PG_DSN (scripts/pg run -- ctest ...).
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "e2ee_fixture.hpp"
#include "pg_admin.hpp"

namespace sb::e2ee_test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

// pg_dump of the newest installed PostgreSQL (it must not be older than the server).
std::string pg_dump_program() {
  std::string best;
  if (fs::exists("/usr/lib/postgresql"))
    for (auto& e : fs::directory_iterator("/usr/lib/postgresql"))
      if (fs::exists(e.path() / "bin/pg_dump") && e.path().string() > best)
        best = e.path().string();
  return best.empty() ? "pg_dump" : best + "/bin/pg_dump";
}

class E2eePostgres : public E2eeTest {
 protected:
  void SetUp() override {
    admin_ = conformance::pg_test_dsn();
    database_ = "sb_e2ee_" + std::to_string(::getpid());
    conformance::pg_admin_exec(admin_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    conformance::pg_admin_exec(admin_, "CREATE DATABASE " + database_);
    dsn_ = conformance::pg_dsn_for(admin_, database_);
  }
  void TearDown() override {
    conformance::pg_admin_exec(admin_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  }
  // The whole database as SQL text, in the test's home.
  fs::path dump() {
    auto out = fs::path(home.path()) / "dump.sql";
    auto r =
        e2e::run({pg_dump_program(), "--dbname=" + dsn_, "--file=" + out.string()}, {}, {}, 60s);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_GT(fs::file_size(out), 1000u);
    return out;
  }
  std::string admin_, database_, dsn_;
};

TEST_F(E2eePostgres, NeitherTheDataDirNorADumpHoldsThePlaintextOrTheFileKey) {
  std::string escaped;
  for (char c : dsn_) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  Server server(e2ee_options("use = \"store-postgres\"\ndsn = \"" + escaped + "\""));
  register_as(server, "alice", 1);
  register_as(server, "bob", 2);
  std::string bob = user_of("bob");
  auto secret = distinctive("postgres-never-reads-this");
  ASSERT_EQ(sbctl({"--profile", "alice", "send", bob, secret}).code, 0);
  auto path = fs::path(home.path()) / "photo.bin";
  std::ofstream(path, std::ios::binary) << distinctive("pixels") << std::string(5000, 'p');
  auto sent = sbctl({"--profile", "alice", "--json", "send-file", bob, path.string()});
  ASSERT_EQ(sent.code, 0) << sent.err;
  auto s = json::parse(sent.out).as_object();
  std::string key(s.at("file").at("key").as_string()), msg(s.at("msg_id").as_string());

  auto data = fs::path(server.dir().path()) / "data";
  auto check = [&](const char* when) {
    auto d = dump();
    for (auto& needle : {secret, key}) {
      EXPECT_EQ(files_holding(data, needle), std::vector<std::string>{}) << when;
      std::ifstream in(d);
      std::stringstream text;
      text << in.rdbuf();
      EXPECT_EQ(text.str().find(needle), std::string::npos) << when << ": " << needle;
    }
    // The dump has the messages: the scan would see a body if there were one to see.
    std::ifstream in(d);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("e2ee"), std::string::npos) << when;
  };
  check("before delivery");

  auto heard = listen("bob", 2)->wait(30s);
  ASSERT_EQ(heard.code, 0) << heard.err;
  auto m = messages_in(heard.out);
  ASSERT_EQ(m.size(), 2u) << heard.out;
  EXPECT_EQ(m[0].at("body").at("text").as_string(), secret);
  auto got = sbctl({"--profile", "bob", "get-file", msg, home.path() + "/got.bin"});
  ASSERT_EQ(got.code, 0) << got.err;
  std::ifstream a(path, std::ios::binary), b(home.path() + "/got.bin", std::ios::binary);
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());
  check("after delivery");

  // The scan sees what is there: a --plain message is in the dump.
  auto plain = distinctive("readable-by-bots");
  ASSERT_EQ(sbctl({"--profile", "alice", "send", bob, plain, "--plain"}).code, 0);
  std::ifstream in(dump());
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(plain), std::string::npos);
}

}  // namespace
}  // namespace sb::e2ee_test
