// SPDX-License-Identifier: Apache-2.0
// Two servers (nodes) on one PostgreSQL: a device's ack never covers an entry that the other
// node stored for it and that was never sent to the device's session.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "chat_harness.hpp"
#include "pg_admin.hpp"

namespace sb::core::test {
namespace {

namespace fs = std::filesystem;

std::string text_of(const json::object& ev) {
  return std::string(ev.at("body").at("text").as_string());
}

// The chat tests' config with store-postgres on `dsn` in place of store-sqlite.
std::string node_config(const fs::path& data_dir, const std::string& dsn) {
  auto text = chat_config(data_dir, "");
  const std::string sqlite = "use = \"store-sqlite\"";
  auto at = text.find(sqlite);
  if (at == std::string::npos) throw std::runtime_error("chat_config has no store-sqlite line");
  text.replace(at, sqlite.size(), "use = \"store-postgres\"\ndsn = \"" + dsn + "\"");
  return text;
}

class TwoNodes : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = conformance::pg_test_dsn();
    database_ = "sb_two_nodes_" + std::to_string(::getpid());
    conformance::pg_admin_exec(admin_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    conformance::pg_admin_exec(admin_, "CREATE DATABASE " + database_);
    dir_ = fs::temp_directory_path() / ("sb-two-nodes-" + std::to_string(::getpid()));
    auto dsn = conformance::pg_dsn_for(admin_, database_);
    a = start_server(node_config(dir_ / "a", dsn));
    b = start_server(node_config(dir_ / "b", dsn));
  }
  void TearDown() override {
    clients.clear();
    for (auto* node : {&b, &a}) {
      if (*node) (*node)->drain_and_stop();
      node->reset();
    }
    conformance::pg_admin_exec(admin_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Client& login(kernel::Server& node, int n, const std::string& device_name) {
    clients.push_back(login_client(node, n, device_name));
    clients.back()->connect();
    return *clients.back();
  }

  std::unique_ptr<kernel::Server> a, b;
  std::vector<std::unique_ptr<Client>> clients;

 private:
  std::string admin_, database_;
  fs::path dir_;
};

TEST_F(TwoNodes, AnAckNeverCoversWhatTheOtherNodeStoredUnsent) {
  auto& alice_on_b = login(*b, 1, "phone");
  auto& alice_on_a = login(*a, 1, "laptop");
  auto& bob = login(*a, 2, "phone");

  // Stored for bob by node B, where bob has no session: nothing is pushed to him.
  ASSERT_EQ(alice_on_b.send_to_user(bob, "via b").at("ok"), true);
  // Stored by node A one cursor above, and pushed to bob's session there.
  ASSERT_EQ(alice_on_a.send_to_user(bob, "via a").at("ok"), true);

  // Bob's session reads the gap from the store before what was pushed to it.
  auto first = bob.next("message");
  ASSERT_FALSE(first.empty()) << "bob got nothing";
  EXPECT_EQ(text_of(first), "via b");
  auto second = bob.next("message");
  ASSERT_FALSE(second.empty()) << "bob got only one of two messages";
  EXPECT_EQ(text_of(second), "via a");
  EXPECT_GT(second.at("cursor").as_int64(), first.at("cursor").as_int64());

  // Acking the highest covers both: one receipt for the two (alice's, one chat), stored by
  // node A. Alice's laptop there was not sent her phone's message either: it gets that
  // first, then the receipt.
  bob.ack(second.at("cursor").as_int64());
  auto tick = alice_on_a.next("receipt");
  ASSERT_FALSE(tick.empty()) << "no delivered receipt on node A";
  EXPECT_EQ(tick.at("type"), "delivered");
  EXPECT_EQ(tick.at("count"), 2);
  EXPECT_EQ(tick.at("msg_id"), second.at("msg_id"));
  auto copy = alice_on_a.next("message");
  ASSERT_FALSE(copy.empty()) << "alice's laptop never got her phone's message";
  EXPECT_EQ(text_of(copy), "via b");
  // Her phone's session on node B was pushed nothing of this; it has it all on reconnect.
  alice_on_b.connect();
  EXPECT_EQ(alice_on_b.next("receipt").at("count"), 2);

  // Nothing is left for bob after a reconnect, and nothing was dropped unseen.
  bob.connect();
  EXPECT_TRUE(bob.quiet("message"));
}

TEST_F(TwoNodes, EntriesOnlyTheOtherNodeStoredReachALiveSessionWithTheNextPush) {
  auto& alice_on_b = login(*b, 1, "phone");
  auto& alice_on_a = login(*a, 1, "laptop");
  auto& bob = login(*a, 2, "phone");
  for (int i = 1; i <= 3; ++i)
    ASSERT_EQ(alice_on_b.send_to_user(bob, "b" + std::to_string(i)).at("ok"), true);
  ASSERT_EQ(alice_on_a.send_to_user(bob, "a1").at("ok"), true);
  std::int64_t last = 0;
  for (auto want : {"b1", "b2", "b3", "a1"}) {
    auto m = bob.next("message");
    ASSERT_FALSE(m.empty()) << "missing " << want;
    EXPECT_EQ(text_of(m), want);
    EXPECT_GT(m.at("cursor").as_int64(), last);
    last = m.at("cursor").as_int64();
  }
  EXPECT_TRUE(bob.quiet("message"));
}

}  // namespace
}  // namespace sb::core::test
