// SPDX-License-Identifier: Apache-2.0
// See message_writer.hpp: the jobs (appends, events and acks) and how a batch's outcome
// reaches its callers. The queue and writer thread are switchboard/group_commit.hpp (SDK); a
// batch is whatever queued while the previous commit ran (up to max_batch); its
// transaction is in message_batch.cpp.
#include "message_writer.hpp"

#include <algorithm>

#include "pg_array.hpp"
#include "schema.hpp"

namespace sb::store_postgres {
namespace {

constexpr int kAttempts = 3;

}  // namespace

MessageWriter::MessageWriter(const Config& config, Logger& log)
    : conn_(ConnectionSettings::from(config)),
      max_queue_(static_cast<std::size_t>(config.max_queue)),
      log_(log),
      queue_("store-postgres", static_cast<std::size_t>(config.max_batch),
             static_cast<std::size_t>(config.degraded_queue), log) {
  migrate(conn_);
  queue_.start([this](std::vector<Job>& batch) { commit(batch); });
}

MessageWriter::~MessageWriter() {
  stop();
}

void MessageWriter::append(MessageWrite write, MessageStore::AppendDone done) {
  // Admission control: past max_queue a client's message is refused at once (it retries
  // with the same client_msg_id) rather than queued without limit; events and acks, which
  // drain load, are not.
  Job job = AppendJob{std::move(write), std::move(done)};
  if (auto refused = queue_.enqueue(job, max_queue_))
    std::get<AppendJob>(job).done(nullptr, &*refused);
}

void MessageWriter::append_events(std::vector<EventWrite> events, MessageStore::EventsDone done) {
  Job job = EventsJob{std::move(events), std::move(done)};
  if (auto refused = queue_.enqueue(job)) std::get<EventsJob>(job).done({}, &*refused);
}

void MessageWriter::ack(AckRequest request, MessageAcks::AckDone done) {
  Job job = AckJob{std::move(request), std::move(done)};
  if (auto refused = queue_.enqueue(job)) std::get<AckJob>(job).done({}, &*refused);
}

void MessageWriter::flush() {
  queue_.flush();
}

void MessageWriter::stop() {
  queue_.stop();
}

Health MessageWriter::health() const {
  return queue_.health();
}

std::size_t MessageWriter::queued() const {
  return queue_.queued();
}

std::uint64_t MessageWriter::batches() const {
  return queue_.batches();
}

void MessageWriter::refuse_unstorable(std::vector<Job>& batch) {
  // One message PostgreSQL cannot store as text must not fail the others of its batch.
  auto bad = [](const std::string& s) { return !storable_text(s); };
  for (auto& job : batch) {
    if (auto* a = std::get_if<AppendJob>(&job)) {
      auto& w = a->write;
      bool refused = bad(w.chat) || bad(w.sender_user) || bad(w.sender_device) ||
                     bad(w.client_msg_id) || bad(w.kind) || bad(w.enc) || bad(w.body);
      for (auto& t : w.targets) refused = refused || bad(t.user) || bad(t.device) || bad(t.body);
      if (!refused) continue;
      a->answered = true;
      StoreError error(StoreError::Kind::invalid,
                       "append: text that is not UTF-8 or holds a NUL byte cannot be stored");
      try {
        a->done(nullptr, &error);
      } catch (const std::exception& e) {
        log_.error("an append callback threw", {{"error", e.what()}});
      }
    } else if (auto* k = std::get_if<AckJob>(&job)) {
      if (!bad(k->request.user) && !bad(k->request.device)) continue;
      k->answered = true;
      StoreError error(StoreError::Kind::invalid,
                       "ack: text that is not UTF-8 or holds a NUL byte cannot be stored");
      try {
        k->done({}, &error);
      } catch (const std::exception& e) {
        log_.error("an ack callback threw", {{"error", e.what()}});
      }
    } else {
      auto& j = std::get<EventsJob>(job);
      bool refused = false;
      for (auto& e : j.events)
        refused =
            refused || bad(e.user) || bad(e.device) || bad(e.kind) || bad(e.chat) || bad(e.payload);
      if (!refused) continue;
      j.answered = true;
      StoreError error(
          StoreError::Kind::invalid,
          "append_events: text that is not UTF-8 or holds a NUL byte cannot be stored");
      try {
        j.done({}, &error);
      } catch (const std::exception& e) {
        log_.error("an append callback threw", {{"error", e.what()}});
      }
    }
  }
}

void MessageWriter::commit(std::vector<Job>& batch) {
  refuse_unstorable(batch);
  try {
    conn_.check();
    bool done = false;
    for (int i = 0; i < kAttempts && !done; ++i) done = attempt(batch);
    if (!done)
      throw StoreError(StoreError::Kind::unavailable,
                       "other nodes kept storing the same client ids concurrently");
  } catch (const std::exception& e) {
    StoreError error(StoreError::Kind::unavailable,
                     "append batch of " + std::to_string(batch.size()) + ": " + e.what());
    log_failure(error);
    queue_.failed(e.what());
    finish(batch, &error);
    return;
  }
  queue_.succeeded();
  if (failures_since_ok_ > 0)
    log_.info("message store commits again", {{"failed_batches", failures_since_ok_}});
  failures_since_ok_ = unlogged_failures_ = 0;
  last_logged_ = {};
  finish(batch, nullptr);
}

void MessageWriter::log_failure(const StoreError& error) {
  ++failures_since_ok_;
  auto now = Clock::now();
  if (now - last_logged_ < std::chrono::seconds(1)) {
    ++unlogged_failures_;
    return;
  }
  log_.error("message store commit failed",
             {{"error", error.what()}, {"failed_batches_since_last_line", unlogged_failures_}});
  last_logged_ = now;
  unlogged_failures_ = 0;
}

void MessageWriter::finish(std::vector<Job>& batch, const StoreError* error) {
  for (auto& job : batch) {
    try {
      if (auto* a = std::get_if<AppendJob>(&job)) {
        if (!a->answered) a->done(error ? nullptr : &a->result, error);
      } else if (auto* k = std::get_if<AckJob>(&job)) {
        if (!k->answered)
          k->done(error ? std::vector<Delivered>{} : std::move(k->delivered), error);
      } else {
        auto& e = std::get<EventsJob>(job);
        if (!e.answered) e.done(error ? std::vector<InboxCursor>{} : std::move(e.cursors), error);
      }
    } catch (const std::exception& e) {
      log_.error("an append callback threw", {{"error", e.what()}});
    }
  }
}

}  // namespace sb::store_postgres
