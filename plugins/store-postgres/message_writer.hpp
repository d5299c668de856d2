// SPDX-License-Identifier: Apache-2.0
// The writer behind MessageStore::append and MessageAcks::ack: one thread, one connection,
// group commit. The counters live in the database (chats, device_cursors), taken row by row
// in key order inside the batch's transaction, so any number of nodes can write the same chats.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <switchboard/group_commit.hpp>
#include <switchboard/health.hpp>
#include <switchboard/log.hpp>
#include <switchboard/services/message_acks.hpp>
#include <switchboard/services/message_store.hpp>

#include "connection.hpp"

namespace sb::store_postgres {

struct AckRequest {
  std::string user, device;
  std::int64_t cursor = 0;
};

// The rows of acks (ack_rows.cpp), as MessageStore::ack defines them: per ack, in order, the
// messages it delivered; each device's acked cursor rises (the rows stay for the sweep). Several
// acks of one device act as if run one after the other. Call inside a transaction; it locks the
// devices' counter rows in key order (a batch has locked them already).
std::vector<std::vector<Delivered>> ack_rows(Connection& conn, const std::vector<AckRequest>& acks);

class MessageWriter {
 public:
  // Connects and runs the migrations; throws StoreError when the database is unreachable.
  MessageWriter(const Config& config, Logger& log);
  ~MessageWriter();

  void append(MessageWrite write, MessageStore::AppendDone done);
  void append_events(std::vector<EventWrite> events, MessageStore::EventsDone done);
  void ack(AckRequest request, MessageAcks::AckDone done);
  // Returns once every job queued before the call has been committed (or failed).
  void flush();
  // Commits what is queued, then joins the thread. Later appends and acks fail at once.
  void stop();

  Health health() const;
  std::size_t queued() const;
  std::uint64_t batches() const;

 private:
  struct AppendJob {
    MessageWrite write;
    MessageStore::AppendDone done;
    AppendResult result{};
    bool answered = false;  // refused before the batch ran
    bool fresh = false;     // a new message in this try (not a client id seen before)
  };
  struct EventsJob {
    std::vector<EventWrite> events;
    MessageStore::EventsDone done;
    std::vector<InboxCursor> cursors{};
    bool answered = false;
  };
  struct AckJob {
    AckRequest request;
    MessageAcks::AckDone done;
    std::vector<Delivered> delivered{};
    bool answered = false;
  };
  using Job = std::variant<AppendJob, EventsJob, AckJob>;

  void commit(std::vector<Job>& batch);
  // One try at the batch's transaction. False when another node stored one of the batch's
  // client ids meanwhile: the transaction is rolled back and the batch must run again.
  bool attempt(std::vector<Job>& batch);
  void refuse_unstorable(std::vector<Job>& batch);
  void finish(std::vector<Job>& batch, const StoreError* error);
  // Logs a failed commit, at most once a second while the database stays away.
  void log_failure(const StoreError& error);

  Connection conn_;
  std::size_t max_queue_;
  Logger& log_;
  Clock::time_point last_logged_{};
  std::uint64_t unlogged_failures_ = 0, failures_since_ok_ = 0;

  // Last: it stops (joins the writer thread) before the members above go.
  sb::GroupCommit<Job> queue_;
};

}  // namespace sb::store_postgres
