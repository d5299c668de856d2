// SPDX-License-Identifier: Apache-2.0
// The key store: owner-only files, every table round-trips and survives a reopen, two
// handles on one file see each other, transactions roll back, names are matched exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <switchboard/client/signal_store.hpp>

namespace sb::client {
namespace {

namespace fs = std::filesystem;

struct Dir {
  Dir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("sb-signal-store-" + std::to_string(rd()));
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

TEST(SignalStore, TheFileAndItsFolderAreTheOwnersOnly) {
  Dir dir;
  auto file = dir.path / "sub" / "p.signal.db";
  {
    SignalStore s(file.string());
    s.set_meta("identity_private", std::string("\x01\x00\x02", 3));
  }
  auto perms = [](const fs::path& p) { return fs::status(p).permissions() & fs::perms::all; };
  EXPECT_EQ(perms(file), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(perms(file.parent_path()), fs::perms::owner_all);
  for (auto& e : fs::directory_iterator(file.parent_path()))
    EXPECT_EQ(perms(e.path()) & (fs::perms::group_all | fs::perms::others_all), fs::perms::none)
        << e.path();
}

TEST(SignalStore, EveryTableRoundTripsAndSurvivesAReopen) {
  Dir dir;
  auto file = (dir.path / "s.db").string();
  {
    SignalStore s(file);
    s.set_meta("k", std::string("bin\0ary", 7));
    s.put_prekey(7, "pk7");
    s.put_signed_prekey(1, "spk1");
    s.put_session("u_1:d_1", 1, "sess");
    EXPECT_FALSE(s.put_identity("u_1:d_1", "key-a"));
    s.put_opened({"d:u_1:u_2/3", "d:u_1:u_2", 3, "u_1", "d_1", R"({"text":"hi"})"});
  }
  SignalStore s(file);
  EXPECT_EQ(s.meta("k"), std::string("bin\0ary", 7));
  EXPECT_EQ(s.prekey(7), "pk7");
  EXPECT_EQ(s.prekey(8), std::nullopt);
  EXPECT_EQ(s.signed_prekey(1), "spk1");
  EXPECT_EQ(s.session("u_1:d_1", 1), "sess");
  EXPECT_EQ(s.identity("u_1:d_1"), "key-a");
  auto o = s.opened("d:u_1:u_2/3");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->seq, 3);
  EXPECT_EQ(o->from_device, "d_1");
  EXPECT_EQ(o->body, R"({"text":"hi"})");
  s.remove_prekey(7);
  EXPECT_EQ(s.prekey(7), std::nullopt);
}

TEST(SignalStore, SessionsAreListedByExactPrefixAndRemoved) {
  SignalStore s(":memory:");
  s.put_session("u_1:d_1", 1, "a");
  s.put_session("u_1:d_2", 1, "b");
  s.put_session("u_1x:d_3", 1, "c");  // another user whose id starts the same
  s.put_session("u%1:d_4", 1, "d");   // LIKE would read % and _ as wildcards
  EXPECT_EQ(s.session_names("u_1:"), (std::vector<std::string>{"u_1:d_1", "u_1:d_2"}));
  EXPECT_EQ(s.session_names("u%1:"), (std::vector<std::string>{"u%1:d_4"}));
  EXPECT_EQ(s.session_devices("u_1:d_1"), (std::vector<std::int32_t>{1}));
  EXPECT_TRUE(s.remove_session("u_1:d_1", 1));
  EXPECT_FALSE(s.remove_session("u_1:d_1", 1));
  EXPECT_EQ(s.remove_sessions("u_1:d_2"), 1);
  EXPECT_EQ(s.session_names("u_1:"), std::vector<std::string>{});
}

TEST(SignalStore, AChangedIdentityIsReported) {
  SignalStore s(":memory:");
  EXPECT_FALSE(s.put_identity("u_1:d_1", "first"));
  EXPECT_FALSE(s.put_identity("u_1:d_1", "first"));
  EXPECT_TRUE(s.put_identity("u_1:d_1", "second"));
  EXPECT_EQ(s.identity("u_1:d_1"), "second");
}

TEST(SignalStore, ATransactionNotCommittedLeavesNothing) {
  SignalStore s(":memory:");
  s.put_prekey(1, "kept");
  {
    SignalStore::Transaction t(s);
    s.put_prekey(2, "dropped");
    s.remove_prekey(1);
  }
  EXPECT_EQ(s.prekey(1), "kept");
  EXPECT_EQ(s.prekey(2), std::nullopt);
  {
    SignalStore::Transaction t(s);
    s.put_prekey(3, "committed");
    t.commit();
  }
  EXPECT_EQ(s.prekey(3), "committed");
}

TEST(SignalStore, TwoHandlesOnOneFileSeeEachOther) {
  Dir dir;
  auto file = (dir.path / "s.db").string();
  SignalStore a(file), b(file);
  {
    SignalStore::Transaction t(a);
    a.put_session("u_1:d_1", 1, "from a");
    t.commit();
  }
  EXPECT_EQ(b.session("u_1:d_1", 1), "from a");
  b.put_session("u_1:d_1", 1, "from b");
  EXPECT_EQ(a.session("u_1:d_1", 1), "from b");
}

TEST(SignalStore, ClearForgetsEverything) {
  SignalStore s(":memory:");
  s.set_meta("owner", "u_1:d_1");
  s.put_prekey(1, "x");
  s.put_session("u_2:d_2", 1, "y");
  s.clear();
  EXPECT_EQ(s.meta("owner"), std::nullopt);
  EXPECT_EQ(s.prekey(1), std::nullopt);
  EXPECT_EQ(s.session("u_2:d_2", 1), std::nullopt);
}

TEST(SignalStore, AnUnusablePathIsALocalError) {
  EXPECT_THROW(SignalStore("/proc/nope/x.db"), std::exception);
}

}  // namespace
}  // namespace sb::client
