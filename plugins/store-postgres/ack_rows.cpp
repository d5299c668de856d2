// SPDX-License-Identifier: Apache-2.0
// The rows of acks, shared by MessageStore::ack (one ack, its own transaction) and the
// writer's queued acks (all of a batch's acks in three statements, inside its group commit).
// An ack moves the device's acked cursor; it deletes nothing (the sweep does, by ranges).
#include <algorithm>
#include <map>
#include <tuple>

#include "message_writer.hpp"
#include "pg_array.hpp"
#include "schema.hpp"

namespace sb::store_postgres {
namespace {

using DeviceKey = std::pair<std::string, std::string>;

struct GoneRow {
  std::int64_t cursor = 0;
  std::string chat;
  std::int64_t seq = 0;
};

}  // namespace

std::vector<std::vector<Delivered>> ack_rows(Connection& conn,
                                             const std::vector<AckRequest>& acks) {
  std::vector<std::vector<Delivered>> out(acks.size());
  if (acks.empty()) return out;

  // Each device once, at its highest cursor, in key order (the writer's lock order).
  std::map<DeviceKey, std::int64_t> highest;
  for (auto& a : acks) {
    auto [it, inserted] = highest.emplace(DeviceKey{a.user, a.device}, a.cursor);
    if (!inserted) it->second = std::max(it->second, a.cursor);
  }
  PgArray users, devices, cursors;
  for (auto& [key, cursor] : highest) {
    users.add(key.first);
    devices.add(key.second);
    cursors.add(cursor);
  }

  // The devices' counter rows first: acks of one device, on any node, take turns. `old`
  // reads each row's acked cursor before the upsert moves it (one snapshot, locked). An ack
  // moves the cursor only: the rows at or below it stay until the retention sweep deletes
  // them by ranges, so an ack costs no row deletes (and no dead tuples to vacuum).
  auto before = conn.query(
      "WITH old AS (SELECT d.user_id, d.device, d.acked FROM device_cursors d "
      "JOIN unnest($1::text[], $2::text[]) AS t(u, d) ON d.user_id = t.u AND d.device = t.d "
      "ORDER BY d.user_id, d.device FOR UPDATE OF d), "
      "up AS (INSERT INTO device_cursors AS d (user_id, device, last_cursor, acked) "
      "SELECT t.u, t.d, t.c, t.c FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(u, d, c) "
      "ON CONFLICT (user_id, device) DO UPDATE SET "
      "acked = GREATEST(d.acked, excluded.acked), "
      "last_cursor = GREATEST(d.last_cursor, excluded.acked)) "
      "SELECT user_id, device, acked FROM old",
      {users.str(), devices.str(), cursors.str()});
  std::map<DeviceKey, std::int64_t> was;
  for (int i = 0; i < before.rows(); ++i)
    was[{before.text(i, 0), before.text(i, 1)}] = before.integer(i, 2);
  PgArray r_users, r_devices, r_from, r_to;
  for (auto& [key, cursor] : highest) {
    auto from = was.count(key) ? was.at(key) : 0;
    if (cursor <= from) continue;
    r_users.add(key.first);
    r_devices.add(key.second);
    r_from.add(from);
    r_to.add(cursor);
  }
  if (r_users.empty()) return out;
  auto gone = conn.query(
      "SELECT i.user_id, i.device, i.cursor, i.chat, i.seq FROM inbox i "
      "JOIN unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS t(u, d, lo, hi) "
      "ON i.user_id = t.u AND i.device = t.d AND i.cursor > t.lo AND i.cursor <= t.hi "
      "WHERE i.seq > 0",
      {r_users.str(), r_devices.str(), r_from.str(), r_to.str()});

  // Messages (not events) by device, then who sent them: a second statement rather than a
  // join, so each touches one distribution key.
  std::map<DeviceKey, std::vector<GoneRow>> rows;
  PgArray chats, seqs;
  for (int i = 0; i < gone.rows(); ++i) {
    if (gone.integer(i, 4) <= 0) continue;
    rows[{gone.text(i, 0), gone.text(i, 1)}].push_back(
        {gone.integer(i, 2), gone.text(i, 3), gone.integer(i, 4)});
    chats.add(gone.text(i, 3));
    seqs.add(gone.integer(i, 4));
  }
  if (chats.empty()) return out;
  std::map<std::pair<std::string, std::int64_t>, std::pair<std::string, std::string>> senders;
  auto r = conn.query(
      "SELECT chat, seq, sender_user, sender_device FROM messages "
      "WHERE (chat, seq) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))",
      {chats.str(), seqs.str()});
  for (int i = 0; i < r.rows(); ++i)
    senders[{r.text(i, 0), r.integer(i, 1)}] = {r.text(i, 2), r.text(i, 3)};

  // Each ack delivers, in cursor order, what the acks of its device before it left: the
  // same as running them one after the other.
  for (auto& [key, list] : rows)
    std::sort(list.begin(), list.end(),
              [](const GoneRow& x, const GoneRow& y) { return x.cursor < y.cursor; });
  std::map<DeviceKey, std::size_t> taken;
  for (std::size_t k = 0; k < acks.size(); ++k) {
    DeviceKey key{acks[k].user, acks[k].device};
    auto it = rows.find(key);
    if (it == rows.end()) continue;
    auto& list = it->second;
    auto& next = taken[key];
    for (; next < list.size() && list[next].cursor <= acks[k].cursor; ++next) {
      auto& g = list[next];
      auto s = senders.find({g.chat, g.seq});
      if (s == senders.end()) continue;  // retention removed the message meanwhile
      out[k].push_back(
          {message_id(g.chat, g.seq), g.chat, g.seq, s->second.first, s->second.second});
    }
  }
  return out;
}

}  // namespace sb::store_postgres
