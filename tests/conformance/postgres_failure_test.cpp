// SPDX-License-Identifier: Apache-2.0
// store-postgres only: every way to the database is bounded. A chat row another session
// holds fails the batch after statement_timeout_ms, with seq left gap-free; a server that
// accepts but never answers fails the start after connect_timeout_ms; text PostgreSQL cannot
// store fails only its own append; a DSN libpq cannot parse is refused at start.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <atomic>
#include <thread>

#include "postgres_factory.hpp"

namespace sb::conformance {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// An open session of the test's own, holding whatever its statements lock.
class Session {
 public:
  explicit Session(const std::string& dsn) : conn_(PQconnectdb(dsn.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK)
      throw std::runtime_error(std::string("session: ") + PQerrorMessage(conn_));
  }
  ~Session() { PQfinish(conn_); }
  void exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    auto st = PQresultStatus(r);
    std::string why = PQresultErrorMessage(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + why);
  }

 private:
  PGconn* conn_;
};

TEST(PostgresStore, ALockedChatFailsTheBatchWithinTheStatementTimeout) {
  PostgresFactory factory("statement_timeout_ms = 500");
  auto s = factory.open();
  auto w = message("d:alice:bob", "alice", "a1", "", "x", {{"bob", "b1", ""}});
  EXPECT_EQ(append_sync(*s.messages, w).seq, 1);

  Session other(factory.dsn());
  other.exec("BEGIN");
  other.exec("SELECT * FROM chats WHERE chat = 'd:alice:bob' FOR UPDATE");
  auto start = Clock::now();
  try {
    append_sync(*s.messages, w);
    ADD_FAILURE() << "append committed while another session held the chat";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::unavailable);
    EXPECT_THAT(e.what(), HasSubstr("statement timeout"));
  }
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(factory.health_state(), "degraded");
  other.exec("COMMIT");

  auto r = append_sync(*s.messages, w);
  EXPECT_EQ(r.seq, 2);
  ASSERT_EQ(r.cursors.size(), 1u);
  EXPECT_EQ(r.cursors[0].cursor, 2);
  EXPECT_EQ(factory.health_state(), "ok");
  s = {};
}

// Admission control: with max_queue writes waiting, a new message is refused at once with
// `unavailable` naming the limit; what was queued commits once the writer moves again.
TEST(PostgresStore, AFullQueueRefusesNewMessagesAtOnceAndKeepsTheQueuedOnes) {
  PostgresFactory factory("statement_timeout_ms = 5000\nmax_queue = 3");
  auto s = factory.open();
  auto w = message("d:alice:bob", "alice", "a1", "", "x", {{"bob", "b1", ""}});
  EXPECT_EQ(append_sync(*s.messages, w).seq, 1);

  Session other(factory.dsn());
  other.exec("BEGIN");
  other.exec("SELECT * FROM chats WHERE chat = 'd:alice:bob' FOR UPDATE");
  std::atomic<int> committed{0};
  auto count = [&](const AppendResult* r, const StoreError*) {
    if (r) ++committed;
  };
  s.messages->append(w, count);  // the writer takes it and waits for the row lock
  // Let the writer dequeue it: the queue is then empty and the next three fill it.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 3; ++i) s.messages->append(w, count);
  std::string refused;
  s.messages->append(w, [&](const AppendResult* r, const StoreError* e) {
    EXPECT_EQ(r, nullptr);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->kind(), StoreError::Kind::unavailable);
    refused = e->what();
  });
  EXPECT_THAT(refused, HasSubstr("max_queue 3"));
  other.exec("COMMIT");
  s.messages->flush();
  EXPECT_EQ(committed.load(), 4);
  EXPECT_EQ(s.messages->inbox("bob", "b1", 0, 10).size(), 5u);
  s = {};
}

TEST(PostgresStore, AServerThatNeverAnswersFailsTheStartWithinConnectTimeout) {
  // Listens but never accepts: the handshake completes, the startup packet gets no answer.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);

  PostgresFactory factory("connect_timeout_ms = 500");
  factory.use_dsn("host=127.0.0.1 port=" + std::to_string(ntohs(addr.sin_port)) +
                  " user=nobody dbname=nothing");
  auto start = Clock::now();
  try {
    factory.open();
    ADD_FAILURE() << "the store started against a server that never answers";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("timed out after 500 ms"));
  }
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  ::close(fd);
}

TEST(PostgresStore, TextPostgresCannotStoreFailsOnlyItsOwnAppend) {
  PostgresFactory factory;
  auto s = factory.open();
  std::promise<std::string> bad;
  std::promise<std::int64_t> good;
  s.messages->append(
      message("d:a:b", "a", "d", "", "not utf-8: \xff", {}),
      [&](const AppendResult*, const StoreError* e) {
        bad.set_value(e && e->kind() == StoreError::Kind::invalid ? "invalid" : "other");
      });
  s.messages->append(
      message("d:a:b", "a", "d", "", "fine", {}),
      [&](const AppendResult* r, const StoreError*) { good.set_value(r ? r->seq : -1); });
  s.messages->flush();
  EXPECT_EQ(bad.get_future().get(), "invalid");
  EXPECT_EQ(good.get_future().get(), 1);
  s = {};
}

TEST(PostgresStore, ADsnLibpqCannotParseIsRefusedAtStart) {
  PostgresFactory factory;
  factory.use_dsn("this is not a dsn");
  try {
    factory.open();
    ADD_FAILURE() << "the store started with a broken dsn";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("dsn:"));
  }
}

TEST(PostgresStore, AppendAfterStopFailsAtOnce) {
  PostgresFactory factory;
  auto s = factory.open();
  auto messages = s.messages;
  s = {};
  factory.close();
  bool called = false;
  messages->append(message("d:a:b", "a", "d", "", "x", {}),
                   [&](const AppendResult* r, const StoreError* e) {
                     called = true;
                     EXPECT_EQ(r, nullptr);
                     ASSERT_NE(e, nullptr);
                     EXPECT_EQ(e->kind(), StoreError::Kind::unavailable);
                   });
  EXPECT_TRUE(called);
  messages->flush();
}

}  // namespace
}  // namespace sb::conformance
