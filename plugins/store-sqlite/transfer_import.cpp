// SPDX-License-Identifier: Apache-2.0
// StoreTransfer, in: the rows of one batch, written by the message writer inside its own
// transaction (import_rows), so that its seq and cursor counters rise with them. Plain
// INSERTs: a key already held fails the batch with `conflict`.
#include "stores.hpp"

namespace sb::store_sqlite {
namespace {

void bind_optional(Query& q, int i, const std::optional<std::string>& v) {
  if (v)
    q.bind(i, *v);
  else
    q.bind_null(i);
}

void import_accounts(Connection& conn, const TransferBatch& b) {
  for (auto& u : b.users)
    conn.query(
            "INSERT INTO users (id, phone, display_name, created_ms, banned) "
            "VALUES (?, ?, ?, ?, ?)")
        .bind(1, u.id)
        .bind(2, u.phone)
        .bind(3, u.display_name)
        .bind(4, u.created_ms)
        .bind(5, std::int64_t{u.banned})
        .run();
  for (auto& d : b.devices)
    conn.query(
            "INSERT INTO devices (user, id, name, created_ms, last_seen_ms) "
            "VALUES (?, ?, ?, ?, ?)")
        .bind(1, d.user)
        .bind(2, d.id)
        .bind(3, d.name)
        .bind(4, d.created_ms)
        .bind(5, d.last_seen_ms)
        .run();
  for (auto& c : b.login_codes)
    conn.query(
            "INSERT INTO login_codes (phone, code_hash, expires_ms, attempts) "
            "VALUES (?, ?, ?, ?)")
        .bind(1, c.phone)
        .bind(2, c.code_hash)
        .bind(3, c.expires_ms)
        .bind(4, std::int64_t{c.attempts})
        .run();
  for (auto& t : b.refresh_tokens)
    conn.query(
            "INSERT INTO refresh_tokens (token_hash, user, device, expires_ms) "
            "VALUES (?, ?, ?, ?)")
        .bind(1, t.token_hash)
        .bind(2, t.grant.user)
        .bind(3, t.grant.device)
        .bind(4, t.grant.expires_ms)
        .run();
}

void import_messages(Connection& conn, const TransferBatch& b) {
  for (auto& t : b.messages) {
    auto& m = t.message;
    conn.query(
            "INSERT INTO messages (chat, seq, sender_user, sender_device, client_msg_id, ts, "
            "kind, enc, body, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, m.chat)
        .bind(2, m.seq)
        .bind(3, m.sender_user)
        .bind(4, m.sender_device)
        .bind(5, t.client_msg_id)
        .bind(6, m.ts)
        .bind(7, m.kind)
        .bind(8, m.enc)
        .bind(9, m.body)
        .bind(10, t.expires_ms)
        .run();
  }
  for (auto& i : b.inbox) {
    auto q = conn.query(
        "INSERT INTO inbox (user, device, cursor, kind, chat, seq, body, payload, ts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, i.user).bind(2, i.device).bind(3, i.cursor).bind(4, i.kind).bind(5, i.chat);
    q.bind(6, i.seq);
    bind_optional(q, 7, i.body);
    bind_optional(q, 8, i.payload);
    q.bind(9, i.ts).run();
  }
  // The counters go to the floors, which the writer loads at start like the rows.
  for (auto& c : b.chat_counters)
    conn.query(
            "INSERT INTO seq_floor (chat, seq) VALUES (?, ?) ON CONFLICT (chat) "
            "DO UPDATE SET seq = MAX(seq, excluded.seq)")
        .bind(1, c.chat)
        .bind(2, c.last_seq)
        .run();
  for (auto& c : b.device_counters) {
    conn.query(
            "INSERT INTO cursor_floor (user, device, cursor) VALUES (?, ?, ?) "
            "ON CONFLICT (user, device) DO UPDATE SET cursor = MAX(cursor, excluded.cursor)")
        .bind(1, c.user)
        .bind(2, c.device)
        .bind(3, c.last_cursor)
        .run();
    if (c.acked_cursor <= 0) continue;
    conn.query(
            "INSERT INTO acked (user, device, cursor) VALUES (?, ?, ?) "
            "ON CONFLICT (user, device) DO UPDATE SET cursor = MAX(cursor, excluded.cursor)")
        .bind(1, c.user)
        .bind(2, c.device)
        .bind(3, c.acked_cursor)
        .run();
  }
  for (auto& r : b.read_marks)
    conn.query("INSERT INTO read_marks (chat, user, seq) VALUES (?, ?, ?)")
        .bind(1, r.chat)
        .bind(2, r.user)
        .bind(3, r.seq)
        .run();
}

void import_groups_keys_social(Connection& conn, const TransferBatch& b) {
  for (auto& g : b.groups) {
    conn.query(
            "INSERT INTO groups (id, name, policy, created_by, created_ms) "
            "VALUES (?, ?, ?, ?, ?)")
        .bind(1, g.id)
        .bind(2, g.name)
        .bind(3, g.policy)
        .bind(4, g.created_by)
        .bind(5, g.created_ms)
        .run();
    for (auto& m : g.members)  // in order: rowid keeps it
      conn.query(
              "INSERT INTO group_members (group_id, user, role, joined_ms) "
              "VALUES (?, ?, ?, ?)")
          .bind(1, g.id)
          .bind(2, m.user)
          .bind(3, m.role)
          .bind(4, m.joined_ms)
          .run();
  }
  // GroupAccess state, after the groups and members it updates.
  for (auto& j : b.join_seqs)
    conn.query("UPDATE group_members SET joined_seq = ? WHERE group_id = ? AND user = ?")
        .bind(1, j.joined_seq)
        .bind(2, j.group)
        .bind(3, j.user)
        .run();
  for (auto& e : b.invite_epochs)
    conn.query("UPDATE groups SET invite_epoch = MAX(invite_epoch, ?) WHERE id = ?")
        .bind(1, e.epoch)
        .bind(2, e.group)
        .run();
  for (auto& p : b.group_add_privacy)
    conn.query("INSERT INTO group_add_privacy (user, who) VALUES (?, ?)")
        .bind(1, p.user)
        .bind(2, p.who)
        .run();
  for (auto& d : b.device_keys) {
    auto& k = d.keys;
    auto q = conn.query(
        "INSERT INTO device_keys (user, device, identity_key, signed_id, signed_key, "
        "signed_signature, last_resort_id, last_resort_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, d.user).bind(2, d.device).bind(3, k.identity_key).bind(4, k.signed_prekey.id);
    q.bind(5, k.signed_prekey.key).bind(6, k.signed_prekey.signature);
    if (k.last_resort)
      q.bind(7, k.last_resort->id).bind(8, k.last_resort->key);
    else
      q.bind_null(7).bind_null(8);
    q.run();
    for (auto& o : k.one_time)
      conn.query("INSERT INTO one_time_keys (user, device, id, key) VALUES (?, ?, ?, ?)")
          .bind(1, d.user)
          .bind(2, d.device)
          .bind(3, o.id)
          .bind(4, o.key)
          .run();
  }
  for (auto& p : b.privacy)
    conn.query("INSERT INTO privacy (user, last_seen, online, read_receipts) VALUES (?, ?, ?, ?)")
        .bind(1, p.user)
        .bind(2, p.settings.last_seen)
        .bind(3, p.settings.online)
        .bind(4, p.settings.read_receipts)
        .run();
  for (auto& p : b.contacts)
    conn.query("INSERT INTO contacts (user, contact) VALUES (?, ?)")
        .bind(1, p.user)
        .bind(2, p.other)
        .run();
  for (auto& p : b.blocks)
    conn.query("INSERT INTO blocks (user, blocked) VALUES (?, ?)")
        .bind(1, p.user)
        .bind(2, p.other)
        .run();
}

}  // namespace

void import_rows(Connection& conn, const TransferBatch& batch) {
  import_accounts(conn, batch);
  import_messages(conn, batch);
  import_groups_keys_social(conn, batch);
}

}  // namespace sb::store_sqlite
