// SPDX-License-Identifier: Apache-2.0
// The single writer behind MessageStore::append: one thread, one connection, group commit.
// It owns the per-chat seq and per-device cursor counters (in memory, loaded at start).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include <switchboard/group_commit.hpp>
#include <switchboard/health.hpp>
#include <switchboard/log.hpp>
#include <switchboard/services/chat_list_store.hpp>
#include <switchboard/services/message_acks.hpp>
#include <switchboard/services/message_store.hpp>
#include <switchboard/services/store_transfer.hpp>

#include "database.hpp"

namespace sb::store_sqlite {

// A message's id is derived from where it sits: "<chat>/<seq>". Every reader and the
// writer use this one function, so the shape cannot drift between them.
inline std::string message_id(const std::string& chat, std::int64_t seq) {
  return chat + "/" + std::to_string(seq);
}

// Writes the rows of a StoreTransfer batch (transfer_import.cpp); the writer raises its
// counters after.
void import_rows(Connection& conn, const TransferBatch& batch);
// The chat list's rows (chat_list_store.cpp). Call inside a transaction.
void chat_list_message_rows(Connection& conn, const ChatActivity& message,
                            const std::vector<std::string>& users);
void chat_list_read_rows(Connection& conn, const std::string& user, const std::string& chat,
                         std::int64_t upto_seq);
// The rows of one ack (ack_rows.cpp): what it delivered and the device's acked cursor. Call
// inside a transaction.
std::vector<Delivered> ack_rows(Connection& conn, const std::string& user,
                                const std::string& device, std::int64_t cursor);

// Retention in chunks (sweep.cpp): each chunk picks at most this many messages of each kind
// (expired, fully delivered, past the TTL); a short one keeps the batch it rides in short.
constexpr std::int64_t kSweepChunk = 500;
// And at most this many acked inbox rows (contiguous ranges: cheap per row).
constexpr std::int64_t kSweepAckedChunk = 2000;
struct SweepRequest {
  std::int64_t now_ms;
  Retention retention;
  std::int64_t undelivered_ttl_ms;
};
struct SweepChunk {
  std::int64_t deleted = 0;  // messages deleted
  std::int64_t picked = 0;   // messages picked: below kSweepChunk, the sweep is done
};
// The statements of one chunk. Call inside a transaction.
SweepChunk sweep_rows(Connection& conn, const SweepRequest& request);

class MessageWriter {
 public:
  MessageWriter(const std::string& path, const Config& config,
                std::shared_ptr<FairMutex> write_lock, Logger& log);
  ~MessageWriter();

  void append(MessageWrite write, MessageStore::AppendDone done);
  void append_events(std::vector<EventWrite> events, MessageStore::EventsDone done);
  void ack(std::string user, std::string device, std::int64_t cursor, MessageAcks::AckDone done);
  // One retention chunk inside the next batch (under a savepoint: a failed chunk fails only
  // itself). `done` gets the chunk or the error.
  using SweepDone = std::function<void(const SweepChunk* chunk, const StoreError* error)>;
  void sweep(SweepRequest request, SweepDone done);
  // Writes a StoreTransfer batch in the writer's transaction and raises the counters with
  // it; returns once committed. Throws the StoreError of a failed commit.
  void import(const TransferBatch& batch);
  // The chat list's updates ride in the next batch instead of a transaction of their own per
  // message (each one wrote its pages to the WAL again and made the writer's page cache stale).
  // Nobody waits for them: a failed one is logged and fails nothing else; flush() before a
  // read that must see them. Throws StoreError once the writer has stopped.
  void record_chat_message(ChatActivity message, std::vector<std::string> users);
  void record_chat_read(std::string user, std::string chat, std::int64_t upto_seq);
  // Returns once every job queued before the call has been committed (or failed).
  void flush();
  // Commits what is queued, then joins the thread. Later appends fail at once.
  void stop();

  Health health() const;
  std::size_t queued() const;
  std::uint64_t batches() const;

 private:
  struct AppendJob {
    MessageWrite write;
    MessageStore::AppendDone done;
    AppendResult result{};
  };
  struct EventsJob {
    std::vector<EventWrite> events;
    MessageStore::EventsDone done;
    std::vector<InboxCursor> cursors{};
  };
  struct ImportJob {
    const TransferBatch* batch;
    std::function<void(const StoreError*)> done;
  };
  struct AckJob {
    std::string user, device;
    std::int64_t cursor;
    MessageAcks::AckDone done;
    std::vector<Delivered> delivered{};
  };
  struct SweepJob {
    SweepRequest request;
    SweepDone done;
    SweepChunk result{};
    std::optional<StoreError> error{};
  };
  struct ChatMessageJob {
    ChatActivity message;
    std::vector<std::string> users;
  };
  struct ChatReadJob {
    std::string user, chat;
    std::int64_t upto_seq;
  };
  using Job =
      std::variant<AppendJob, EventsJob, ImportJob, AckJob, SweepJob, ChatMessageJob, ChatReadJob>;

  void load_counters();
  void commit(std::vector<Job>& batch);
  void write(AppendJob& job);
  void write(EventsJob& job);
  void write(ImportJob& job);
  void write(AckJob& job);
  void write(SweepJob& job);
  void write(ChatMessageJob& job);
  void write(ChatReadJob& job);
  void raise(std::unordered_map<std::string, std::int64_t>& counters,
             std::vector<std::pair<std::string, std::int64_t>>& undo, std::string key,
             std::int64_t value);
  std::int64_t next_seq(const std::string& chat);
  // Undoes the next_seq() just made, for a message that turned out to be a duplicate.
  void give_back_seq(const std::string& chat, std::int64_t seq);
  std::int64_t next_cursor(const std::string& user, const std::string& device);
  void undo_counters();
  void finish(std::vector<Job>& batch, const StoreError* error);

  Connection conn_;
  std::size_t max_queue_;
  Logger& log_;

  std::unordered_map<std::string, std::int64_t> seqs_;     // chat -> last seq
  std::unordered_map<std::string, std::int64_t> cursors_;  // user \x1f device -> last cursor
  // What the counters were before this batch touched them, to roll back a failed commit.
  std::vector<std::pair<std::string, std::int64_t>> seq_undo_, cursor_undo_;
  std::int64_t last_ts_ = 0;

  // Last: it stops (joins the writer thread) before the members above go.
  sb::GroupCommit<Job> queue_;
};

}  // namespace sb::store_sqlite
