// SPDX-License-Identifier: Apache-2.0
// See message_writer.hpp. A batch is whatever queued while the previous commit ran (up to
// max_batch, switchboard/group_commit.hpp (SDK)), so batches deepen with load by themselves;
// `done` runs only after COMMIT.
#include "message_writer.hpp"

#include <algorithm>
#include <future>

namespace sb::store_sqlite {
namespace {

std::string device_key(const std::string& user, const std::string& device) {
  std::string key;
  key.reserve(user.size() + device.size() + 1);
  key.append(user).push_back('\x1f');
  key.append(device);
  return key;
}

}  // namespace

MessageWriter::MessageWriter(const std::string& path, const Config& config,
                             std::shared_ptr<FairMutex> write_lock, Logger& log)
    : conn_(path, config, std::move(write_lock)),
      max_queue_(static_cast<std::size_t>(config.max_queue)),
      log_(log),
      queue_("store-sqlite", static_cast<std::size_t>(config.max_batch),
             static_cast<std::size_t>(config.degraded_queue), log) {
  migrate(conn_);
  load_counters();
  queue_.start([this](std::vector<Job>& batch) { commit(batch); });
}

MessageWriter::~MessageWriter() {
  stop();
}

void MessageWriter::load_counters() {
  auto raise = [](auto& map, std::string key, std::int64_t v) {
    auto& slot = map[std::move(key)];
    slot = std::max(slot, v);
  };
  for (auto sql :
       {"SELECT chat, MAX(seq) FROM messages GROUP BY chat", "SELECT chat, seq FROM seq_floor"}) {
    auto q = conn_.query(sql);
    while (q.step()) raise(seqs_, q.text(0), q.integer(1));
  }
  for (auto sql : {"SELECT user, device, MAX(cursor) FROM inbox GROUP BY user, device",
                   "SELECT user, device, cursor FROM acked",
                   "SELECT user, device, cursor FROM cursor_floor"}) {
    auto q = conn_.query(sql);
    while (q.step()) raise(cursors_, device_key(q.text(0), q.text(1)), q.integer(2));
  }
  auto q = conn_.query("SELECT COALESCE(MAX(ts), 0) FROM messages");
  if (q.step()) last_ts_ = q.integer(0);
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

void MessageWriter::ack(std::string user, std::string device, std::int64_t cursor,
                        MessageAcks::AckDone done) {
  Job job = AckJob{std::move(user), std::move(device), cursor, std::move(done)};
  if (auto refused = queue_.enqueue(job)) std::get<AckJob>(job).done({}, &*refused);
}

void MessageWriter::sweep(SweepRequest request, SweepDone done) {
  Job job = SweepJob{request, std::move(done)};
  if (auto refused = queue_.enqueue(job)) std::get<SweepJob>(job).done(nullptr, &*refused);
}

void MessageWriter::record_chat_message(ChatActivity message, std::vector<std::string> users) {
  Job job = ChatMessageJob{std::move(message), std::move(users)};
  if (auto refused = queue_.enqueue(job)) throw *refused;
}

void MessageWriter::record_chat_read(std::string user, std::string chat, std::int64_t upto_seq) {
  Job job = ChatReadJob{std::move(user), std::move(chat), upto_seq};
  if (auto refused = queue_.enqueue(job)) throw *refused;
}

void MessageWriter::import(const TransferBatch& batch) {
  auto promise = std::make_shared<std::promise<void>>();
  auto future = promise->get_future();
  auto done = [promise](const StoreError* e) {
    if (e)
      promise->set_exception(std::make_exception_ptr(*e));
    else
      promise->set_value();
  };
  Job job = ImportJob{&batch, std::move(done)};
  if (auto refused = queue_.enqueue(job)) throw *refused;
  future.get();
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

void MessageWriter::commit(std::vector<Job>& batch) {
  seq_undo_.clear();
  cursor_undo_.clear();
  try {
    Transaction tx(conn_);
    for (auto& job : batch) std::visit([this](auto& j) { write(j); }, job);
    tx.commit();
  } catch (const std::exception& e) {
    undo_counters();
    StoreError error(StoreError::Kind::unavailable,
                     "append batch of " + std::to_string(batch.size()) + ": " + e.what());
    log_.error("message store commit failed", {{"error", error.what()}});
    queue_.failed(e.what());
    finish(batch, &error);
    return;
  }
  queue_.succeeded();
  finish(batch, nullptr);
}

void MessageWriter::write(AppendJob& job) {
  auto& w = job.write;
  auto& r = job.result;
  r.chat = w.chat;
  r.seq = next_seq(w.chat);
  last_ts_ = r.ts = std::max(now_ms(), last_ts_);
  r.msg_id = message_id(w.chat, r.seq);
  // The unique index on the client id does the duplicate check: one probe, not a SELECT
  // first. It sees this transaction's rows too, so a retry within one batch is caught.
  auto inserted = conn_
                      .query(
                          "INSERT OR IGNORE INTO messages (chat, seq, sender_user, sender_device, "
                          "client_msg_id, ts, kind, enc, body, expires_ms) VALUES (?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?)")
                      .bind(1, w.chat)
                      .bind(2, r.seq)
                      .bind(3, w.sender_user)
                      .bind(4, w.sender_device)
                      .bind(5, w.client_msg_id)
                      .bind(6, r.ts)
                      .bind(7, w.kind)
                      .bind(8, w.enc)
                      .bind(9, w.body)
                      .bind(10, w.expires_ms)
                      .run();
  if (inserted == 0) {
    give_back_seq(w.chat, r.seq);
    auto q = conn_.query(
        "SELECT chat, seq, ts FROM messages WHERE sender_user = ? AND sender_device = ? AND "
        "client_msg_id = ? AND client_msg_id <> ''");
    q.bind(1, w.sender_user).bind(2, w.sender_device).bind(3, w.client_msg_id);
    if (!q.step())
      throw StoreError(StoreError::Kind::unavailable,
                       "append: message " + r.msg_id + " was refused but is no duplicate");
    r.chat = q.text(0);
    r.seq = q.integer(1);
    r.ts = q.integer(2);
    r.msg_id = message_id(r.chat, r.seq);
    r.duplicate = true;
    return;
  }
  r.cursors.reserve(w.targets.size());
  for (auto& t : w.targets) {
    auto cursor = next_cursor(t.user, t.device);
    auto q = conn_.query(
        "INSERT INTO inbox (user, device, cursor, kind, chat, seq, body, payload, ts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0)");
    q.bind(1, t.user).bind(2, t.device).bind(3, cursor).bind(4, w.kind).bind(5, w.chat);
    q.bind(6, r.seq);
    if (t.body.empty())
      q.bind_null(7);
    else
      q.bind(7, t.body);
    q.run();
    r.cursors.push_back({t.user, t.device, cursor});
  }
}

void MessageWriter::write(EventsJob& job) {
  auto ts = now_ms();
  job.cursors.reserve(job.events.size());
  for (auto& e : job.events) {
    auto cursor = next_cursor(e.user, e.device);
    conn_
        .query(
            "INSERT INTO inbox (user, device, cursor, kind, chat, seq, body, payload, ts) "
            "VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?)")
        .bind(1, e.user)
        .bind(2, e.device)
        .bind(3, cursor)
        .bind(4, e.kind)
        .bind(5, e.chat)
        .bind(6, e.payload)
        .bind(7, ts)
        .run();
    job.cursors.push_back({e.user, e.device, cursor});
  }
}

void MessageWriter::write(ImportJob& job) {
  auto& b = *job.batch;
  import_rows(conn_, b);
  for (auto& m : b.messages) raise(seqs_, seq_undo_, m.message.chat, m.message.seq);
  for (auto& c : b.chat_counters) raise(seqs_, seq_undo_, c.chat, c.last_seq);
  for (auto& i : b.inbox) raise(cursors_, cursor_undo_, device_key(i.user, i.device), i.cursor);
  for (auto& c : b.device_counters) {
    raise(cursors_, cursor_undo_, device_key(c.user, c.device), c.last_cursor);
    raise(cursors_, cursor_undo_, device_key(c.user, c.device), c.acked_cursor);
  }
  for (auto& m : b.messages) last_ts_ = std::max(last_ts_, m.message.ts);
}

void MessageWriter::write(AckJob& job) {
  job.delivered = ack_rows(conn_, job.user, job.device, job.cursor);
}

void MessageWriter::write(SweepJob& job) {
  conn_.exec("SAVEPOINT sweep");
  try {
    job.result = sweep_rows(conn_, job.request);
    conn_.exec("RELEASE sweep");
  } catch (const std::exception& e) {
    conn_.exec("ROLLBACK TO sweep");
    conn_.exec("RELEASE sweep");
    job.error =
        StoreError(StoreError::Kind::unavailable, std::string("retention sweep: ") + e.what());
  }
}

void MessageWriter::write(ChatMessageJob& job) {
  // Derived data: a statement that fails costs this update, not the batch's messages. An
  // error that ended the transaction (I/O, full disk) fails the batch as before.
  try {
    chat_list_message_rows(conn_, job.message, job.users);
  } catch (const StoreError& e) {
    if (!conn_.in_transaction()) throw;
    log_.warn("chat list: a message was not recorded",
              {{"msg_id", job.message.msg_id}, {"error", e.what()}});
  }
}

void MessageWriter::write(ChatReadJob& job) {
  try {
    chat_list_read_rows(conn_, job.user, job.chat, job.upto_seq);
  } catch (const StoreError& e) {
    if (!conn_.in_transaction()) throw;
    log_.warn("chat list: a read mark was not recorded", {{"chat", job.chat}, {"error", e.what()}});
  }
}

void MessageWriter::raise(std::unordered_map<std::string, std::int64_t>& counters,
                          std::vector<std::pair<std::string, std::int64_t>>& undo, std::string key,
                          std::int64_t value) {
  auto& slot = counters[key];
  if (value <= slot) return;
  undo.emplace_back(std::move(key), slot);
  slot = value;
}

std::int64_t MessageWriter::next_seq(const std::string& chat) {
  auto& slot = seqs_[chat];
  seq_undo_.emplace_back(chat, slot);
  return ++slot;
}

std::int64_t MessageWriter::next_cursor(const std::string& user, const std::string& device) {
  auto key = device_key(user, device);
  auto& slot = cursors_[key];
  cursor_undo_.emplace_back(std::move(key), slot);
  return ++slot;
}

void MessageWriter::give_back_seq(const std::string& chat, std::int64_t seq) {
  auto& slot = seqs_[chat];
  if (slot == seq) --slot;
  seq_undo_.pop_back();
}

void MessageWriter::undo_counters() {
  // In reverse, so a key touched several times ends at its value before the batch.
  for (auto it = seq_undo_.rbegin(); it != seq_undo_.rend(); ++it) seqs_[it->first] = it->second;
  for (auto it = cursor_undo_.rbegin(); it != cursor_undo_.rend(); ++it)
    cursors_[it->first] = it->second;
}

void MessageWriter::finish(std::vector<Job>& batch, const StoreError* error) {
  for (auto& job : batch) {
    try {
      if (auto* a = std::get_if<AppendJob>(&job)) {
        a->done(error ? nullptr : &a->result, error);
      } else if (auto* i = std::get_if<ImportJob>(&job)) {
        i->done(error);
      } else if (auto* w = std::get_if<SweepJob>(&job)) {
        const StoreError* failed = error ? error : (w->error ? &*w->error : nullptr);
        w->done(failed ? nullptr : &w->result, failed);
      } else if (auto* k = std::get_if<AckJob>(&job)) {
        k->done(error ? std::vector<Delivered>{} : std::move(k->delivered), error);
      } else if (auto* e = std::get_if<EventsJob>(&job)) {
        e->done(error ? std::vector<InboxCursor>{} : std::move(e->cursors), error);
      } else {
        // Chat list updates: nobody waits; a failed batch was logged in commit().
      }
    } catch (const std::exception& e) {
      log_.error("an append callback threw", {{"error", e.what()}});
    }
  }
}

}  // namespace sb::store_sqlite
