// SPDX-License-Identifier: Apache-2.0
// One batch of a MessageWriter as one transaction. It takes a fixed number of round trips
// whatever its size: each step is one statement over arrays (unnest), and the counter rows
// are locked in sorted key order, so writers on several nodes queue behind each other
// instead of deadlocking.
//
// Locks, in the order every writer takes them: the batch's chats rows (key order), then in
// one statement the device_cursors rows of every device the batch appends to or acks (key
// order). Acks lock nothing else they do not already own: the inbox rows they read belong
// to devices whose counter row the batch holds, and other writers (appends, acks on the
// pool) touch a device's inbox rows only while holding that same row. Locking an acked
// device later, in ack_rows, would take it out of order and could deadlock two nodes.
#include <algorithm>
#include <map>
#include <tuple>

#include "message_writer.hpp"
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

template <class AppendJob>
std::map<ClientKey, Stored> stored_client_ids(Connection& conn,
                                              const std::vector<AppendJob*>& appends) {
  std::map<ClientKey, Stored> stored;
  PgArray users, devices, ids;
  for (auto* a : appends) {
    if (a->write.client_msg_id.empty()) continue;
    users.add(a->write.sender_user);
    devices.add(a->write.sender_device);
    ids.add(a->write.client_msg_id);
  }
  if (ids.empty()) return stored;
  auto r = conn.query(
      "SELECT c.sender_user, c.sender_device, c.client_msg_id, c.chat, c.seq, c.ts "
      "FROM unnest($1::text[], $2::text[], $3::text[]) AS k(u, d, m) "
      "JOIN client_ids c ON c.sender_user = k.u AND c.sender_device = k.d "
      "AND c.client_msg_id = k.m",
      {users.str(), devices.str(), ids.str()});
  for (int i = 0; i < r.rows(); ++i)
    stored[{r.text(i, 0), r.text(i, 1), r.text(i, 2)}] = {r.text(i, 3), r.integer(i, 4),
                                                          r.integer(i, 5)};
  return stored;
}

// Bumps each chat's seq counter by what the batch needs (locking the rows until COMMIT);
// chat -> {first seq of the batch, ts}.
std::map<std::string, std::pair<std::int64_t, std::int64_t>> reserve_seqs(
    Connection& conn, std::map<std::string, std::int64_t>& chat_need, std::int64_t now) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> next_seq;
  if (chat_need.empty()) return next_seq;
  PgArray chats, counts;
  for (auto& [chat, n] : chat_need) {
    chats.add(chat);
    counts.add(n);
  }
  auto r = conn.query(
      "INSERT INTO chats AS c (chat, last_seq, last_ts) "
      "SELECT t.chat, t.n, $3::bigint FROM unnest($1::text[], $2::bigint[]) AS t(chat, n) "
      "ON CONFLICT (chat) DO UPDATE SET last_seq = c.last_seq + excluded.last_seq, "
      "last_ts = GREATEST(c.last_ts, excluded.last_ts) RETURNING chat, last_seq, last_ts",
      {chats.str(), counts.str(), now});
  for (int i = 0; i < r.rows(); ++i) {
    auto chat = r.text(i, 0);
    next_seq[chat] = {r.integer(i, 1) - chat_need[chat] + 1, r.integer(i, 2)};
  }
  return next_seq;
}

// The same for each device's cursor counter; device -> first cursor of the batch.
std::map<DeviceKey, std::int64_t> reserve_cursors(Connection& conn,
                                                  std::map<DeviceKey, std::int64_t>& device_need) {
  std::map<DeviceKey, std::int64_t> next_cursor;
  if (device_need.empty()) return next_cursor;
  PgArray users, devices, counts;
  for (auto& [key, n] : device_need) {
    users.add(key.first);
    devices.add(key.second);
    counts.add(n);
  }
  auto r = conn.query(
      "INSERT INTO device_cursors AS d (user_id, device, last_cursor, acked) "
      "SELECT t.u, t.d, t.n, 0 FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(u, d, n) "
      "ON CONFLICT (user_id, device) DO UPDATE SET last_cursor = d.last_cursor + "
      "excluded.last_cursor RETURNING user_id, device, last_cursor",
      {users.str(), devices.str(), counts.str()});
  for (int i = 0; i < r.rows(); ++i) {
    DeviceKey key{r.text(i, 0), r.text(i, 1)};
    next_cursor[key] = r.integer(i, 2) - device_need[key] + 1;
  }
  return next_cursor;
}

}  // namespace

bool MessageWriter::attempt(std::vector<Job>& batch) {
  std::vector<AppendJob*> appends;
  std::vector<EventsJob*> events;
  std::vector<AckJob*> acks;
  for (auto& job : batch) {
    if (auto* a = std::get_if<AppendJob>(&job)) {
      if (a->answered) continue;
      a->result = {};
      a->fresh = false;
      appends.push_back(a);
    } else if (auto* k = std::get_if<AckJob>(&job)) {
      if (k->answered) continue;
      k->delivered.clear();
      acks.push_back(k);
    } else {
      auto& e = std::get<EventsJob>(job);
      if (e.answered) continue;
      e.cursors.clear();
      events.push_back(&e);
    }
  }
  Transaction tx(conn_);

  // Client ids stored before, by this node or another.
  auto stored = stored_client_ids(conn_, appends);

  // Which appends are new, and how many seqs and cursors the batch needs.
  std::map<ClientKey, AppendJob*> first;  // the new message of each client id
  std::map<std::string, std::int64_t> chat_need;
  std::map<DeviceKey, std::int64_t> device_need;
  std::vector<std::pair<AppendJob*, AppendJob*>> repeats;  // duplicate, its first
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
    a->fresh = true;
    chat_need[w.chat]++;
    for (auto& t : w.targets) device_need[{t.user, t.device}]++;
  }
  for (auto* e : events)
    for (auto& ev : e->events) device_need[{ev.user, ev.device}]++;
  // An acked device needs no cursor but its row locked with the others, in the same order.
  for (auto* k : acks) device_need.try_emplace({k->request.user, k->request.device}, 0);

  // The counters, locked in key order (std::map iterates sorted) until COMMIT.
  auto now = now_ms();
  auto next_seq = reserve_seqs(conn_, chat_need, now);
  auto next_cursor = reserve_cursors(conn_, device_need);
  std::map<DeviceKey, std::int64_t> reserved_last;  // the last cursor each row now holds
  for (auto& [key, first_cursor] : next_cursor)
    reserved_last[key] = first_cursor + device_need.at(key) - 1;

  // Seqs and cursors in queue order, as one writer handing them out one by one would. An
  // ack raises its device's counter past the acked cursor (as MessageStore::ack does), so
  // what is appended after it in the queue lands above it and survives it.
  PgArray m_chat, m_seq, m_user, m_device, m_client, m_ts, m_kind, m_enc, m_body, m_expires;
  PgArray i_user, i_device, i_cursor, i_kind, i_chat, i_seq, i_body, i_payload, i_ts;
  std::vector<AckRequest> ack_requests;
  for (auto& job : batch) {
    if (auto* k = std::get_if<AckJob>(&job)) {
      if (k->answered) continue;
      auto& next = next_cursor.at({k->request.user, k->request.device});
      next = std::max(next, k->request.cursor + 1);
      ack_requests.push_back(k->request);
      continue;
    }
    if (auto* e = std::get_if<EventsJob>(&job)) {
      if (e->answered) continue;
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
      continue;
    }
    auto* a = &std::get<AppendJob>(job);
    if (a->answered || !a->fresh) continue;
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

  // Counters an ack raised past what reserve_cursors wrote (rows this transaction holds).
  PgArray r_user, r_device, r_last;
  for (auto& [key, next] : next_cursor) {
    if (next - 1 <= reserved_last.at(key)) continue;
    r_user.add(key.first);
    r_device.add(key.second);
    r_last.add(next - 1);
  }
  if (!r_user.empty())
    conn_.query(
        "UPDATE device_cursors AS d SET last_cursor = t.c "
        "FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(u, d, c) "
        "WHERE d.user_id = t.u AND d.device = t.d",
        {r_user.str(), r_device.str(), r_last.str()});

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

  // The acks after every insert: an ack covers what was appended before it in the queue
  // (at or below its cursor) and nothing appended after it (above, see the raise above).
  auto delivered = ack_rows(conn_, ack_requests);
  for (std::size_t k = 0; k < acks.size(); ++k) acks[k]->delivered = std::move(delivered[k]);
  tx.commit();
  return true;
}

}  // namespace sb::store_postgres
