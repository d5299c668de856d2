// SPDX-License-Identifier: Apache-2.0
// StoreTransfer, out: every table read through server-side cursors inside one REPEATABLE READ
// transaction (one snapshot, bounded memory), handed to the sink in batches.
#include <algorithm>

#include "stores.hpp"

namespace sb::store_postgres {
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

// Calls `row(result, i)` for every row of `select`, fetched a page at a time.
template <class F>
void each_row(Connection& conn, const std::string& select, F&& row) {
  conn.exec("DECLARE transfer_rows NO SCROLL CURSOR FOR " + select);
  for (;;) {
    auto r = conn.exec("FETCH 2000 FROM transfer_rows");
    if (r.rows() == 0) break;
    for (int i = 0; i < r.rows(); ++i) row(r, i);
  }
  conn.exec("CLOSE transfer_rows");
}

void export_accounts(Connection& conn, Batcher& out) {
  each_row(conn, "SELECT id, phone, display_name, created_ms, banned FROM users ORDER BY id",
           [&](Result& r, int i) {
             out.batch().users.push_back(
                 {r.text(i, 0), r.text(i, 1), r.text(i, 2), r.integer(i, 3), r.boolean(i, 4)});
             out.maybe_flush();
           });
  each_row(conn,
           "SELECT user_id, id, name, created_ms, last_seen_ms FROM devices ORDER BY user_id, id",
           [&](Result& r, int i) {
             out.batch().devices.push_back(
                 {r.text(i, 0), r.text(i, 1), r.text(i, 2), r.integer(i, 3), r.integer(i, 4)});
             out.maybe_flush();
           });
  each_row(conn, "SELECT phone, code_hash, expires_ms, attempts FROM login_codes ORDER BY phone",
           [&](Result& r, int i) {
             out.batch().login_codes.push_back(
                 {r.text(i, 0), r.text(i, 1), r.integer(i, 2), static_cast<int>(r.integer(i, 3))});
             out.maybe_flush();
           });
  each_row(conn,
           "SELECT token_hash, user_id, device, expires_ms FROM refresh_tokens ORDER BY token_hash",
           [&](Result& r, int i) {
             out.batch().refresh_tokens.push_back(
                 {r.text(i, 0), {r.text(i, 1), r.text(i, 2), r.integer(i, 3)}});
             out.maybe_flush();
           });
}

void export_messages(Connection& conn, Batcher& out) {
  each_row(conn,
           "SELECT chat, seq, sender_user, sender_device, client_msg_id, ts, kind, enc, body, "
           "expires_ms FROM messages ORDER BY chat, seq",
           [&](Result& r, int i) {
             TransferMessage m;
             m.message.chat = r.text(i, 0);
             m.message.seq = r.integer(i, 1);
             m.message.msg_id = m.message.chat + "/" + std::to_string(m.message.seq);
             m.message.sender_user = r.text(i, 2);
             m.message.sender_device = r.text(i, 3);
             m.client_msg_id = r.text(i, 4);
             m.message.ts = r.integer(i, 5);
             m.message.kind = r.text(i, 6);
             m.message.enc = r.text(i, 7);
             m.message.body = r.text(i, 8);
             m.expires_ms = r.integer(i, 9);
             out.batch().messages.push_back(std::move(m));
             out.maybe_flush();
           });
  each_row(conn,
           "SELECT user_id, device, cursor, kind, chat, seq, body, payload, ts FROM inbox "
           "ORDER BY user_id, device, cursor",
           [&](Result& r, int i) {
             out.batch().inbox.push_back({r.text(i, 0), r.text(i, 1), r.integer(i, 2), r.text(i, 3),
                                          r.text(i, 4), r.integer(i, 5), r.optional_text(i, 6),
                                          r.optional_text(i, 7), r.integer(i, 8)});
             out.maybe_flush();
           });
  each_row(conn, "SELECT chat, last_seq FROM chats ORDER BY chat", [&](Result& r, int i) {
    out.batch().chat_counters.push_back({r.text(i, 0), r.integer(i, 1)});
    out.maybe_flush();
  });
  each_row(
      conn,
      "SELECT user_id, device, last_cursor, acked FROM device_cursors ORDER BY user_id, device",
      [&](Result& r, int i) {
        out.batch().device_counters.push_back(
            {r.text(i, 0), r.text(i, 1), r.integer(i, 2), r.integer(i, 3)});
        out.maybe_flush();
      });
  each_row(conn, "SELECT chat, user_id, seq FROM read_marks ORDER BY chat, user_id",
           [&](Result& r, int i) {
             out.batch().read_marks.push_back({r.text(i, 0), r.text(i, 1), r.integer(i, 2)});
             out.maybe_flush();
           });
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
  each_row(conn,
           "SELECT g.id, g.name, g.policy, g.created_by, g.created_ms, m.user_id, m.role, "
           "m.joined_ms, g.invite_epoch, m.joined_seq FROM groups g LEFT JOIN group_members m "
           "ON m.group_id = g.id ORDER BY g.id, m.pos",
           [&](Result& r, int i) {
             if (!current || current->id != r.text(i, 0)) {
               done();
               current = GroupRecord{r.text(i, 0), r.text(i, 1),    r.text(i, 2),
                                     r.text(i, 3), r.integer(i, 4), {}};
               epoch = r.integer(i, 8);
             }
             if (r.is_null(i, 5)) return;
             current->members.push_back({r.text(i, 5), r.text(i, 6), r.integer(i, 7)});
             if (r.integer(i, 9) != 1)
               joins.push_back({current->id, r.text(i, 5), r.integer(i, 9)});
           });
  done();
  each_row(conn, "SELECT user_id, who FROM group_add_privacy ORDER BY user_id",
           [&](Result& r, int i) {
             out.batch().group_add_privacy.push_back({r.text(i, 0), r.text(i, 1)});
             out.maybe_flush();
           });
}

void export_keys_and_social(Connection& conn, Batcher& out) {
  std::optional<TransferDeviceKeys> current;
  auto done = [&] {
    if (!current) return;
    out.batch().device_keys.push_back(std::move(*current));
    current.reset();
    out.maybe_flush();
  };
  each_row(conn,
           "SELECT k.user_id, k.device, k.identity_key, k.signed_id, k.signed_key, "
           "k.signed_signature, k.last_resort_id, k.last_resort_key, o.id, o.key "
           "FROM device_keys k LEFT JOIN one_time_keys o ON o.user_id = k.user_id AND "
           "o.device = k.device ORDER BY k.user_id, k.device, o.id",
           [&](Result& r, int i) {
             if (!current || current->user != r.text(i, 0) || current->device != r.text(i, 1)) {
               done();
               current = TransferDeviceKeys{r.text(i, 0), r.text(i, 1), {}};
               auto& k = current->keys;
               k.identity_key = r.text(i, 2);
               k.signed_prekey = {r.integer(i, 3), r.text(i, 4), r.text(i, 5)};
               if (!r.is_null(i, 6)) k.last_resort = PreKey{r.integer(i, 6), r.text(i, 7)};
             }
             if (!r.is_null(i, 8))
               current->keys.one_time.push_back({r.integer(i, 8), r.text(i, 9)});
           });
  done();
  each_row(
      conn, "SELECT user_id, last_seen, online, read_receipts FROM privacy ORDER BY user_id",
      [&](Result& r, int i) {
        out.batch().privacy.push_back({r.text(i, 0), {r.text(i, 1), r.text(i, 2), r.text(i, 3)}});
        out.maybe_flush();
      });
  each_row(conn, "SELECT user_id, contact FROM contacts ORDER BY user_id, contact",
           [&](Result& r, int i) {
             out.batch().contacts.push_back({r.text(i, 0), r.text(i, 1)});
             out.maybe_flush();
           });
  each_row(conn, "SELECT user_id, blocked FROM blocks ORDER BY user_id, blocked",
           [&](Result& r, int i) {
             out.batch().blocks.push_back({r.text(i, 0), r.text(i, 1)});
             out.maybe_flush();
           });
}

}  // namespace

void PgStoreTransfer::export_all(std::size_t batch_rows,
                                 const std::function<void(const TransferBatch&)>& sink) {
  auto conn = pool_->acquire();
  Transaction tx(*conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  // The sink may take its time between two pages (it writes them to the other store).
  conn->exec("SET LOCAL idle_in_transaction_session_timeout = 0");
  Batcher out(batch_rows, sink);
  export_accounts(*conn, out);
  export_messages(*conn, out);
  export_groups(*conn, out);
  export_keys_and_social(*conn, out);
  out.flush();
  tx.commit();
}

bool PgStoreTransfer::empty() {
  auto conn = pool_->acquire();
  std::string sql = "SELECT NOT (";
  const char* tables[] = {
      "users",   "user_phones", "devices",       "login_codes",      "refresh_tokens",
      "chats",   "messages",    "client_ids",    "read_marks",       "device_cursors",
      "inbox",   "groups",      "group_members", "device_keys",      "one_time_keys",
      "privacy", "contacts",    "blocks",        "group_add_privacy"};
  bool first = true;
  for (auto* t : tables) {
    sql += first ? "" : " OR ";
    sql += std::string("EXISTS (SELECT 1 FROM ") + t + ")";
    first = false;
  }
  sql += ")";
  return conn->exec(sql).boolean(0, 0);
}

}  // namespace sb::store_postgres
