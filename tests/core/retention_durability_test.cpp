// SPDX-License-Identifier: Apache-2.0
// Retention (the sweeper deletes what every device acked; `keep` keeps it) and crash
// durability: a server killed with SIGKILL while clients send keeps every message that got a
// reply, exactly once, and nothing half-written.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include "chat_harness.hpp"

namespace sb::core::test {
namespace {

class UntilDelivered : public ChatTest {
 protected:
  std::string extra_config() const override { return "sweep_interval_s = 1\n"; }
};

class Keep : public ChatTest {
 protected:
  std::string extra_config() const override {
    return "sweep_interval_s = 1\nretention = \"keep\"\n";
  }
};

std::size_t held(Client& c, const json::value& chat) {
  auto h = c.request({{"op", "history"}, {"chat", chat}});
  return h.at("messages").as_array().size();
}

TEST_F(UntilDelivered, TheSweeperDeletesAMessageOnceEveryDeviceAckedIt) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto chat = alice.send_to_user(bob, "ephemeral").at("chat");
  auto m = bob.next("message");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(held(alice, chat), 1u);  // not acked yet: kept
  bob.ack(m.at("cursor").as_int64());
  std::size_t left = 1;
  for (int i = 0; i < 40 && left > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    left = held(alice, chat);
  }
  EXPECT_EQ(left, 0u);
}

TEST_F(Keep, KeepRetentionKeepsDeliveredMessages) {
  auto& alice = login(1);
  auto& bob = login(2);
  auto chat = alice.send_to_user(bob, "forever").at("chat");
  bob.ack(bob.next("message").at("cursor").as_int64());
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(held(alice, chat), 1u);
}

// The child runs a server and two senders and writes each reply's msg_id to a pipe; the
// parent kills it mid-stream, restarts on the same data and reads the chat back.
TEST(CrashDurability, EveryRepliedMessageSurvivesAKillExactlyOnce) {
  char tmpl[] = "/tmp/sb-crash-XXXXXX";
  ASSERT_TRUE(::mkdtemp(tmpl));
  std::filesystem::path dir = tmpl;
  auto config = chat_config(dir / "data", "");
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    auto server = start_server(config);
    auto alice = login_client(*server, 1, "phone");
    auto bob = login_client(*server, 2, "phone");
    alice->connect();
    auto carol = login_client(*server, 3, "phone");
    carol->connect();
    std::atomic<int> out{fds[1]};
    auto sender = [&](Client* c, const char* tag) {
      for (int i = 0; i < 3000; ++i) {
        auto r = c->send_to_user(*bob, std::string(tag) + std::to_string(i),
                                 std::string(tag) + std::to_string(i));
        if (r.at("ok") != true) continue;
        auto line = std::string(r.at("msg_id").as_string()) + " " + c->user + "\n";
        if (::write(out.load(), line.data(), line.size()) < 0) break;
      }
    };
    std::thread t1(sender, alice.get(), "a"), t2(sender, carol.get(), "c");
    t1.join();
    t2.join();
    ::_exit(0);  // the parent should have killed us long before
  }
  ::close(fds[1]);
  FILE* in = ::fdopen(fds[0], "r");
  std::vector<std::pair<std::string, std::string>> replied;  // msg_id, sender
  char buf[512];
  while (replied.size() < 400 && std::fgets(buf, sizeof buf, in)) {
    std::string line(buf);
    auto sp = line.find(' ');
    replied.emplace_back(line.substr(0, sp), line.substr(sp + 1, line.size() - sp - 2));
  }
  ::kill(pid, SIGKILL);
  while (std::fgets(buf, sizeof buf, in)) {  // what was written before the kill
    std::string line(buf);
    if (line.back() != '\n') break;
    auto sp = line.find(' ');
    replied.emplace_back(line.substr(0, sp), line.substr(sp + 1, line.size() - sp - 2));
  }
  std::fclose(in);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child finished before it was killed";
  ASSERT_GE(replied.size(), 400u);

  auto server = start_server(config);
  {
    auto bob = login_client(*server, 2, "laptop");
    bob->connect();
    std::map<std::string, int> seen;
    std::set<std::string> chats;
    for (auto& [id, sender] : replied) chats.insert(id.substr(0, id.rfind('/')));
    for (auto& chat : chats) {
      std::int64_t before = 0, expect = -1;
      for (int page = 0; page < 100; ++page) {
        auto h = bob->request(
            {{"op", "history"}, {"chat", chat}, {"before_seq", before}, {"limit", 500}});
        ASSERT_EQ(h.at("ok"), true) << json::serialize(h);
        auto& msgs = h.at("messages").as_array();
        if (msgs.empty()) break;
        for (auto& m : msgs) {
          auto seq = m.at("seq").as_int64();
          if (expect >= 0) {
            EXPECT_EQ(seq, expect) << "a gap in " << chat;
          }
          expect = seq - 1;
          ++seen[std::string(m.at("msg_id").as_string())];
          EXPECT_TRUE(m.at("body").at("text").is_string());  // nothing half-written
        }
        before = msgs.back().at("seq").as_int64();
      }
      EXPECT_EQ(expect, 0) << chat << " does not start at seq 1";
    }
    for (auto& [id, sender] : replied) EXPECT_EQ(seen[id], 1) << id;
  }
  server->drain_and_stop();
  server.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace sb::core::test
