// SPDX-License-Identifier: Apache-2.0
// StoreTransfer, out: every table read inside one read transaction (one snapshot), handed to
// the sink in batches. The counters are what the writer would load at start: the highest
// seq and cursor still held or recorded in the floors, and the acked cursors.
#include <algorithm>
#include <functional>
#include <optional>

#include "stores.hpp"

namespace sb::store_sqlite {
namespace {

class Batcher {
 public:
  Batcher(std::size_t limit, const std::function<void(const TransferBatch&)>& sink)
      : limit_(std::max<std::size_t>(1, limit)), sink_(sink) {}
  TransferBatch& batch() { return batch_; }
  void maybe_flush() {
    if (batch_.size() >= limit_) flush();
  }
  void flush() {
    if (batch_.size() == 0) return;
    sink_(batch_);
    batch_ = {};
  }

 private:
  std::size_t limit_;
  const std::function<void(const TransferBatch&)>& sink_;
  TransferBatch batch_;
};

std::optional<std::string> optional_text(Query& q, int col) {
  if (q.is_null(col)) return std::nullopt;
  return q.text(col);
}

void export_accounts(Connection& conn, Batcher& out) {
  for (auto q = conn.query("SELECT id, phone, display_name, created_ms, banned FROM users "
                           "ORDER BY id");
       q.step(); out.maybe_flush())
    out.batch().users.push_back({q.text(0), q.text(1), q.text(2), q.integer(3), q.integer(4) != 0});
  for (auto q = conn.query("SELECT user, id, name, created_ms, last_seen_ms FROM devices "
                           "ORDER BY user, id");
       q.step(); out.maybe_flush())
    out.batch().devices.push_back({q.text(0), q.text(1), q.text(2), q.integer(3), q.integer(4)});
  for (auto q = conn.query("SELECT phone, code_hash, expires_ms, attempts FROM login_codes "
                           "ORDER BY phone");
       q.step(); out.maybe_flush())
    out.batch().login_codes.push_back(
        {q.text(0), q.text(1), q.integer(2), static_cast<int>(q.integer(3))});
  for (auto q = conn.query("SELECT token_hash, user, device, expires_ms FROM refresh_tokens "
                           "ORDER BY token_hash");
       q.step(); out.maybe_flush())
    out.batch().refresh_tokens.push_back({q.text(0), {q.text(1), q.text(2), q.integer(3)}});
}

void export_messages(Connection& conn, Batcher& out) {
  for (auto q = conn.query("SELECT chat, seq, sender_user, sender_device, client_msg_id, ts, "
                           "kind, enc, body, expires_ms FROM messages ORDER BY chat, seq");
       q.step(); out.maybe_flush()) {
    TransferMessage m;
    m.message.chat = q.text(0);
    m.message.seq = q.integer(1);
    m.message.msg_id = message_id(m.message.chat, m.message.seq);
    m.message.sender_user = q.text(2);
    m.message.sender_device = q.text(3);
    m.client_msg_id = q.text(4);
    m.message.ts = q.integer(5);
    m.message.kind = q.text(6);
    m.message.enc = q.text(7);
    m.message.body = q.text(8);
    m.expires_ms = q.integer(9);
    out.batch().messages.push_back(std::move(m));
  }
  for (auto q = conn.query("SELECT user, device, cursor, kind, chat, seq, body, payload, ts "
                           "FROM inbox ORDER BY user, device, cursor");
       q.step(); out.maybe_flush())
    out.batch().inbox.push_back({q.text(0), q.text(1), q.integer(2), q.text(3), q.text(4),
                                 q.integer(5), optional_text(q, 6), optional_text(q, 7),
                                 q.integer(8)});
  for (auto q = conn.query("SELECT chat, MAX(s) FROM (SELECT chat, MAX(seq) AS s FROM messages "
                           "GROUP BY chat UNION ALL SELECT chat, seq FROM seq_floor) "
                           "GROUP BY chat ORDER BY chat");
       q.step(); out.maybe_flush())
    out.batch().chat_counters.push_back({q.text(0), q.integer(1)});
  for (auto q = conn.query("SELECT user, device, MAX(c), MAX(a) FROM (SELECT user, device, "
                           "MAX(cursor) AS c, 0 AS a FROM inbox GROUP BY user, device "
                           "UNION ALL SELECT user, device, cursor, cursor FROM acked "
                           "UNION ALL SELECT user, device, cursor, 0 FROM cursor_floor) "
                           "GROUP BY user, device ORDER BY user, device");
       q.step(); out.maybe_flush())
    out.batch().device_counters.push_back({q.text(0), q.text(1), q.integer(2), q.integer(3)});
  for (auto q = conn.query("SELECT chat, user, seq FROM read_marks ORDER BY chat, user"); q.step();
       out.maybe_flush())
    out.batch().read_marks.push_back({q.text(0), q.text(1), q.integer(2)});
}

void export_groups(Connection& conn, Batcher& out) {
  std::optional<GroupRecord> current;
  std::int64_t epoch = 0;
  std::vector<TransferJoinSeq> joins;
  auto done = [&] {
    if (!current) return;
    // After their group, so an import finds its rows.
    auto& b = out.batch();
    if (epoch != 0) b.invite_epochs.push_back({current->id, epoch});
    b.groups.push_back(std::move(*current));
    for (auto& j : joins) b.join_seqs.push_back(std::move(j));
    joins.clear();
    current.reset();
    out.maybe_flush();
  };
  auto q = conn.query(
      "SELECT g.id, g.name, g.policy, g.created_by, g.created_ms, m.user, m.role, m.joined_ms, "
      "g.invite_epoch, m.joined_seq FROM groups g LEFT JOIN group_members m "
      "ON m.group_id = g.id ORDER BY g.id, m.rowid");
  while (q.step()) {
    if (!current || current->id != q.text(0)) {
      done();
      current = GroupRecord{q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4), {}};
      epoch = q.integer(8);
    }
    if (q.is_null(5)) continue;
    current->members.push_back({q.text(5), q.text(6), q.integer(7)});
    if (q.integer(9) != 1) joins.push_back({current->id, q.text(5), q.integer(9)});
  }
  done();
  for (auto p = conn.query("SELECT user, who FROM group_add_privacy ORDER BY user"); p.step();
       out.maybe_flush())
    out.batch().group_add_privacy.push_back({p.text(0), p.text(1)});
}

void export_keys_and_social(Connection& conn, Batcher& out) {
  std::optional<TransferDeviceKeys> current;
  auto done = [&] {
    if (!current) return;
    out.batch().device_keys.push_back(std::move(*current));
    current.reset();
    out.maybe_flush();
  };
  {
    auto q = conn.query(
        "SELECT k.user, k.device, k.identity_key, k.signed_id, k.signed_key, k.signed_signature, "
        "k.last_resort_id, k.last_resort_key, o.id, o.key FROM device_keys k "
        "LEFT JOIN one_time_keys o ON o.user = k.user AND o.device = k.device "
        "ORDER BY k.user, k.device, o.id");
    while (q.step()) {
      if (!current || current->user != q.text(0) || current->device != q.text(1)) {
        done();
        current = TransferDeviceKeys{q.text(0), q.text(1), {}};
        auto& k = current->keys;
        k.identity_key = q.text(2);
        k.signed_prekey = {q.integer(3), q.text(4), q.text(5)};
        if (!q.is_null(6)) k.last_resort = PreKey{q.integer(6), q.text(7)};
      }
      if (!q.is_null(8)) current->keys.one_time.push_back({q.integer(8), q.text(9)});
    }
  }
  done();
  for (auto q = conn.query("SELECT user, last_seen, online, read_receipts FROM privacy "
                           "ORDER BY user");
       q.step(); out.maybe_flush())
    out.batch().privacy.push_back({q.text(0), {q.text(1), q.text(2), q.text(3)}});
  for (auto q = conn.query("SELECT user, contact FROM contacts ORDER BY user, contact"); q.step();
       out.maybe_flush())
    out.batch().contacts.push_back({q.text(0), q.text(1)});
  for (auto q = conn.query("SELECT user, blocked FROM blocks ORDER BY user, blocked"); q.step();
       out.maybe_flush())
    out.batch().blocks.push_back({q.text(0), q.text(1)});
}

}  // namespace

void SqliteStoreTransfer::export_all(std::size_t batch_rows,
                                     const std::function<void(const TransferBatch&)>& sink) {
  auto conn = pool_->acquire();
  // A deferred read transaction: one snapshot of the WAL, no write lock.
  conn->query("BEGIN").run();
  struct End {
    Connection& c;
    ~End() {
      try {
        c.query("COMMIT").run();
      } catch (const StoreError&) {
        // A read-only transaction has nothing to lose.
      }
    }
  } end{*conn};
  Batcher out(batch_rows, sink);
  export_accounts(*conn, out);
  export_messages(*conn, out);
  export_groups(*conn, out);
  export_keys_and_social(*conn, out);
  out.flush();
}

bool SqliteStoreTransfer::empty() {
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT NOT (EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM devices) OR "
      "EXISTS (SELECT 1 FROM login_codes) OR EXISTS (SELECT 1 FROM refresh_tokens) OR "
      "EXISTS (SELECT 1 FROM messages) OR EXISTS (SELECT 1 FROM inbox) OR "
      "EXISTS (SELECT 1 FROM acked) OR EXISTS (SELECT 1 FROM cursor_floor) OR "
      "EXISTS (SELECT 1 FROM seq_floor) OR EXISTS (SELECT 1 FROM read_marks) OR "
      "EXISTS (SELECT 1 FROM groups) OR EXISTS (SELECT 1 FROM group_members) OR "
      "EXISTS (SELECT 1 FROM device_keys) OR EXISTS (SELECT 1 FROM one_time_keys) OR "
      "EXISTS (SELECT 1 FROM privacy) OR EXISTS (SELECT 1 FROM contacts) OR "
      "EXISTS (SELECT 1 FROM blocks) OR EXISTS (SELECT 1 FROM group_add_privacy))");
  return q.step() && q.integer(0) != 0;
}

void SqliteStoreTransfer::import_batch(const TransferBatch& batch) {
  writer_->import(batch);
}

}  // namespace sb::store_sqlite
