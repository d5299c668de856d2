// SPDX-License-Identifier: Apache-2.0
// See message_writer.hpp. A batch is whatever queued while the previous commit ran (up to
// max_batch). Its transaction takes a fixed number of round trips whatever its size: each
// step is one statement over arrays (unnest), and the counter rows are locked in sorted key
// order, so writers on several nodes queue behind each other instead of deadlocking.
#include "message_writer.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "pg_array.hpp"
#include "schema.hpp"

namespace sb::store_postgres {
namespace {

using ClientKey = std::tuple<std::string, std::string, std::string>;  // user, device, client id
using DeviceKey = std::pair<std::string, std::string>;

struct Stored {
  std::string chat;
  std::int64_t seq = 0, ts = 0;
};

StoreError stopped_error() {
  return StoreError(StoreError::Kind::unavailable, "message store: the writer has stopped");
}

constexpr int kAttempts = 3;

}  // namespace

MessageWriter::MessageWriter(const Config& config, Logger& log)
    : conn_(ConnectionSettings::from(config)),
      max_batch_(static_cast<std::size_t>(config.max_batch)),
      degraded_queue_(static_cast<std::size_t>(config.degraded_queue)),
      log_(log) {
  migrate(conn_);
  thread_ = std::thread([this] { run(); });
}

MessageWriter::~MessageWriter() {
  stop();
}

void MessageWriter::append(MessageWrite write, MessageStore::AppendDone done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.emplace_back(AppendJob{std::move(write), std::move(done)});
      ++enqueued_;
      wake_.notify_one();
      return;
    }
  }
  auto error = stopped_error();
  done(nullptr, &error);
}

void MessageWriter::append_events(std::vector<EventWrite> events, MessageStore::EventsDone done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.emplace_back(EventsJob{std::move(events), std::move(done)});
      ++enqueued_;
      wake_.notify_one();
      return;
    }
  }
  auto error = stopped_error();
  done({}, &error);
}

void MessageWriter::flush() {
  std::unique_lock lock(mutex_);
  auto target = enqueued_;
  progressed_.wait(lock, [&] { return processed_ >= target || stopped_; });
}

void MessageWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Health MessageWriter::health() const {
  std::lock_guard lock(mutex_);
  if (stopped_) return Health::failed("the message writer has stopped");
  if (!last_error_.empty()) return Health::degraded("last commit failed: " + last_error_);
  if (queue_.size() > degraded_queue_)
    return Health::degraded(std::to_string(queue_.size()) + " appends waiting for the writer");
  return Health::ok();
}

std::size_t MessageWriter::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::uint64_t MessageWriter::batches() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

void MessageWriter::run() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) break;
      auto n = std::min(queue_.size(), max_batch_);
      batch.clear();
      for (std::size_t i = 0; i < n; ++i) batch.push_back(std::move(queue_[i]));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    try {
      commit(batch);
    } catch (const std::exception& e) {
      // commit() reports every failure to the callers itself; only `finish` could get here.
      log_.error("message writer failed", {{"error", e.what()}});
      std::lock_guard lock(mutex_);
      last_error_ = e.what();
    }
    {
      std::lock_guard lock(mutex_);
      processed_ += batch.size();
      ++batches_;
    }
    progressed_.notify_all();
  }
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  progressed_.notify_all();
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
    {
      std::lock_guard lock(mutex_);
      last_error_ = e.what();
    }
    finish(batch, &error);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    last_error_.clear();
  }
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

bool MessageWriter::attempt(std::vector<Job>& batch) {
  std::vector<AppendJob*> appends;
  std::vector<EventsJob*> events;
  for (auto& job : batch) {
    if (auto* a = std::get_if<AppendJob>(&job)) {
      if (a->answered) continue;
      a->result = {};
      appends.push_back(a);
    } else {
      auto& e = std::get<EventsJob>(job);
      if (e.answered) continue;
      e.cursors.clear();
      events.push_back(&e);
    }
  }
  Transaction tx(conn_);

  // Client ids stored before, by this node or another.
  std::map<ClientKey, Stored> stored;
  {
    PgArray users, devices, ids;
    for (auto* a : appends) {
      if (a->write.client_msg_id.empty()) continue;
      users.add(a->write.sender_user);
      devices.add(a->write.sender_device);
      ids.add(a->write.client_msg_id);
    }
    if (!ids.empty()) {
      auto r = conn_.query(
          "SELECT c.sender_user, c.sender_device, c.client_msg_id, c.chat, c.seq, c.ts "
          "FROM unnest($1::text[], $2::text[], $3::text[]) AS k(u, d, m) "
          "JOIN client_ids c ON c.sender_user = k.u AND c.sender_device = k.d "
          "AND c.client_msg_id = k.m",
          {users.str(), devices.str(), ids.str()});
      for (int i = 0; i < r.rows(); ++i)
        stored[{r.text(i, 0), r.text(i, 1), r.text(i, 2)}] = {r.text(i, 3), r.integer(i, 4),
                                                              r.integer(i, 5)};
    }
  }

  // Which appends are new, and how many seqs and cursors the batch needs.
  std::map<ClientKey, AppendJob*> first;  // the new message of each client id
  std::map<std::string, std::int64_t> chat_need;
  std::map<DeviceKey, std::int64_t> device_need;
  std::vector<std::pair<AppendJob*, AppendJob*>> repeats;  // duplicate, its first
  std::vector<AppendJob*> fresh;
  for (auto* a : appends) {
    auto& w = a->write;
    if (!w.client_msg_id.empty()) {
      ClientKey key{w.sender_user, w.sender_device, w.client_msg_id};
      if (auto it = stored.find(key); it != stored.end()) {
        auto& r = a->result;
        r.chat = it->second.chat;
        r.seq = it->second.seq;
        r.ts = it->second.ts;
        r.msg_id = message_id(r.chat, r.seq);
        r.duplicate = true;
        continue;
      }
      auto [it, inserted] = first.emplace(std::move(key), a);
      if (!inserted) {
        repeats.emplace_back(a, it->second);
        continue;
      }
    }
    fresh.push_back(a);
    chat_need[w.chat]++;
    for (auto& t : w.targets) device_need[{t.user, t.device}]++;
  }
  for (auto* e : events)
    for (auto& ev : e->events) device_need[{ev.user, ev.device}]++;

  // The counters, locked in key order (std::map iterates sorted) until COMMIT.
  auto now = now_ms();
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> next_seq;  // chat -> seq, ts
  if (!chat_need.empty()) {
    PgArray chats, counts;
    for (auto& [chat, n] : chat_need) {
      chats.add(chat);
      counts.add(n);
    }
    auto r = conn_.query(
        "INSERT INTO chats AS c (chat, last_seq, last_ts) "
        "SELECT t.chat, t.n, $3::bigint FROM unnest($1::text[], $2::bigint[]) AS t(chat, n) "
        "ON CONFLICT (chat) DO UPDATE SET last_seq = c.last_seq + excluded.last_seq, "
        "last_ts = GREATEST(c.last_ts, excluded.last_ts) RETURNING chat, last_seq, last_ts",
        {chats.str(), counts.str(), now});
    for (int i = 0; i < r.rows(); ++i) {
      auto chat = r.text(i, 0);
      next_seq[chat] = {r.integer(i, 1) - chat_need[chat] + 1, r.integer(i, 2)};
    }
  }
  std::map<DeviceKey, std::int64_t> next_cursor;
  if (!device_need.empty()) {
    PgArray users, devices, counts;
    for (auto& [key, n] : device_need) {
      users.add(key.first);
      devices.add(key.second);
      counts.add(n);
    }
    auto r = conn_.query(
        "INSERT INTO device_cursors AS d (user_id, device, last_cursor, acked) "
        "SELECT t.u, t.d, t.n, 0 FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(u, d, n) "
        "ON CONFLICT (user_id, device) DO UPDATE SET last_cursor = d.last_cursor + "
        "excluded.last_cursor RETURNING user_id, device, last_cursor",
        {users.str(), devices.str(), counts.str()});
    for (int i = 0; i < r.rows(); ++i) {
      DeviceKey key{r.text(i, 0), r.text(i, 1)};
      next_cursor[key] = r.integer(i, 2) - device_need[key] + 1;
    }
  }

  // Seqs and cursors in queue order, as one writer handing them out one by one would.
  PgArray m_chat, m_seq, m_user, m_device, m_client, m_ts, m_kind, m_enc, m_body, m_expires;
  PgArray i_user, i_device, i_cursor, i_kind, i_chat, i_seq, i_body, i_payload, i_ts;
  for (auto* a : fresh) {
    auto& w = a->write;
    auto& r = a->result;
    auto& slot = next_seq.at(w.chat);
    r.chat = w.chat;
    r.seq = slot.first++;
    r.ts = slot.second;
    r.msg_id = message_id(r.chat, r.seq);
    m_chat.add(w.chat);
    m_seq.add(r.seq);
    m_user.add(w.sender_user);
    m_device.add(w.sender_device);
    m_client.add(w.client_msg_id);
    m_ts.add(r.ts);
    m_kind.add(w.kind);
    m_enc.add(w.enc);
    m_body.add(w.body);
    m_expires.add(w.expires_ms);
    r.cursors.reserve(w.targets.size());
    for (auto& t : w.targets) {
      auto cursor = next_cursor.at({t.user, t.device})++;
      i_user.add(t.user);
      i_device.add(t.device);
      i_cursor.add(cursor);
      i_kind.add(w.kind);
      i_chat.add(w.chat);
      i_seq.add(r.seq);
      if (t.body.empty())
        i_body.add_null();
      else
        i_body.add(t.body);
      i_payload.add_null();
      i_ts.add(std::int64_t{0});
      r.cursors.push_back({t.user, t.device, cursor});
    }
  }
  for (auto [dup, original] : repeats) {
    auto& r = dup->result;
    r.chat = original->result.chat;
    r.seq = original->result.seq;
    r.ts = original->result.ts;
    r.msg_id = original->result.msg_id;
    r.duplicate = true;
  }
  for (auto* e : events) {
    e->cursors.reserve(e->events.size());
    for (auto& ev : e->events) {
      auto cursor = next_cursor.at({ev.user, ev.device})++;
      i_user.add(ev.user);
      i_device.add(ev.device);
      i_cursor.add(cursor);
      i_kind.add(ev.kind);
      i_chat.add(ev.chat);
      i_seq.add(std::int64_t{0});
      i_body.add_null();
      i_payload.add(ev.payload);
      i_ts.add(now);
      e->cursors.push_back({ev.user, ev.device, cursor});
    }
  }

  // The new client ids, in key order. One that another node stored since the lookup above
  // is skipped; then this try's seqs are wrong, and the batch runs again.
  if (!first.empty()) {
    PgArray users, devices, ids, chats, seqs, tss;
    for (auto& [key, a] : first) {
      users.add(std::get<0>(key));
      devices.add(std::get<1>(key));
      ids.add(std::get<2>(key));
      chats.add(a->result.chat);
      seqs.add(a->result.seq);
      tss.add(a->result.ts);
    }
    auto inserted =
        conn_
            .query(
                "INSERT INTO client_ids (sender_user, sender_device, client_msg_id, "
                "chat, seq, ts) SELECT * FROM unnest($1::text[], $2::text[], "
                "$3::text[], $4::text[], $5::bigint[], $6::bigint[]) "
                "ON CONFLICT DO NOTHING",
                {users.str(), devices.str(), ids.str(), chats.str(), seqs.str(), tss.str()})
            .affected();
    if (inserted != static_cast<std::int64_t>(first.size())) return false;
  }
  if (!m_chat.empty())
    conn_.query(
        "INSERT INTO messages (chat, seq, sender_user, sender_device, client_msg_id, ts, kind, "
        "enc, body, expires_ms) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], "
        "$4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::bigint[])",
        {m_chat.str(), m_seq.str(), m_user.str(), m_device.str(), m_client.str(), m_ts.str(),
         m_kind.str(), m_enc.str(), m_body.str(), m_expires.str()});
  if (!i_user.empty())
    conn_.query(
        "INSERT INTO inbox (user_id, device, cursor, kind, chat, seq, body, payload, ts) "
        "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], "
        "$6::bigint[], $7::text[], $8::text[], $9::bigint[])",
        {i_user.str(), i_device.str(), i_cursor.str(), i_kind.str(), i_chat.str(), i_seq.str(),
         i_body.str(), i_payload.str(), i_ts.str()});
  tx.commit();
  return true;
}

void MessageWriter::finish(std::vector<Job>& batch, const StoreError* error) {
  for (auto& job : batch) {
    try {
      if (auto* a = std::get_if<AppendJob>(&job)) {
        if (!a->answered) a->done(error ? nullptr : &a->result, error);
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
