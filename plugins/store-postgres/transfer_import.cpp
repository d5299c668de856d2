// SPDX-License-Identifier: Apache-2.0
// StoreTransfer, in: one transaction per batch, one statement over arrays per kind of
// record. Plain INSERTs, so a key already held fails the batch with `conflict`; the counters
// are raised, never lowered.
#include "pg_array.hpp"
#include "stores.hpp"

namespace sb::store_postgres {
namespace {

void import_accounts(Connection& conn, const TransferBatch& b) {
  if (!b.users.empty()) {
    PgArray id, phone, name, created, banned;
    for (auto& u : b.users) {
      id.add(u.id);
      phone.add(u.phone);
      name.add(u.display_name);
      created.add(u.created_ms);
      banned.add(u.banned ? "t" : "f");
    }
    conn.query(
        "INSERT INTO users (id, phone, display_name, created_ms, banned) SELECT * FROM "
        "unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::boolean[])",
        {id.str(), phone.str(), name.str(), created.str(), banned.str()});
    conn.query(
        "INSERT INTO user_phones (phone, user_id) SELECT * FROM unnest($1::text[], $2::text[])",
        {phone.str(), id.str()});
  }
  if (!b.devices.empty()) {
    PgArray user, id, name, created, seen;
    for (auto& d : b.devices) {
      user.add(d.user);
      id.add(d.id);
      name.add(d.name);
      created.add(d.created_ms);
      seen.add(d.last_seen_ms);
    }
    conn.query(
        "INSERT INTO devices (user_id, id, name, created_ms, last_seen_ms) SELECT * FROM "
        "unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])",
        {user.str(), id.str(), name.str(), created.str(), seen.str()});
  }
  if (!b.login_codes.empty()) {
    PgArray phone, hash, expires, attempts;
    for (auto& c : b.login_codes) {
      phone.add(c.phone);
      hash.add(c.code_hash);
      expires.add(c.expires_ms);
      attempts.add(std::int64_t{c.attempts});
    }
    conn.query(
        "INSERT INTO login_codes (phone, code_hash, expires_ms, attempts) SELECT * FROM "
        "unnest($1::text[], $2::text[], $3::bigint[], $4::integer[])",
        {phone.str(), hash.str(), expires.str(), attempts.str()});
  }
  if (!b.refresh_tokens.empty()) {
    PgArray hash, user, device, expires;
    for (auto& t : b.refresh_tokens) {
      hash.add(t.token_hash);
      user.add(t.grant.user);
      device.add(t.grant.device);
      expires.add(t.grant.expires_ms);
    }
    conn.query(
        "INSERT INTO refresh_tokens (token_hash, user_id, device, expires_ms) SELECT * FROM "
        "unnest($1::text[], $2::text[], $3::text[], $4::bigint[])",
        {hash.str(), user.str(), device.str(), expires.str()});
  }
}

void import_messages(Connection& conn, const TransferBatch& b) {
  if (!b.messages.empty()) {
    PgArray chat, seq, user, device, client, ts, kind, enc, body, expires;
    PgArray k_user, k_device, k_client, k_chat, k_seq, k_ts;
    for (auto& t : b.messages) {
      auto& m = t.message;
      chat.add(m.chat);
      seq.add(m.seq);
      user.add(m.sender_user);
      device.add(m.sender_device);
      client.add(t.client_msg_id);
      ts.add(m.ts);
      kind.add(m.kind);
      enc.add(m.enc);
      body.add(m.body);
      expires.add(t.expires_ms);
      if (t.client_msg_id.empty()) continue;
      k_user.add(m.sender_user);
      k_device.add(m.sender_device);
      k_client.add(t.client_msg_id);
      k_chat.add(m.chat);
      k_seq.add(m.seq);
      k_ts.add(m.ts);
    }
    conn.query(
        "INSERT INTO messages (chat, seq, sender_user, sender_device, client_msg_id, ts, kind, "
        "enc, body, expires_ms) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], "
        "$4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::bigint[])",
        {chat.str(), seq.str(), user.str(), device.str(), client.str(), ts.str(), kind.str(),
         enc.str(), body.str(), expires.str()});
    if (!k_user.empty())
      conn.query(
          "INSERT INTO client_ids (sender_user, sender_device, client_msg_id, chat, seq, ts) "
          "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], "
          "$6::bigint[])",
          {k_user.str(), k_device.str(), k_client.str(), k_chat.str(), k_seq.str(), k_ts.str()});
  }
  if (!b.inbox.empty()) {
    PgArray user, device, cursor, kind, chat, seq, body, payload, ts;
    for (auto& i : b.inbox) {
      user.add(i.user);
      device.add(i.device);
      cursor.add(i.cursor);
      kind.add(i.kind);
      chat.add(i.chat);
      seq.add(i.seq);
      body.add(i.body);
      payload.add(i.payload);
      ts.add(i.ts);
    }
    conn.query(
        "INSERT INTO inbox (user_id, device, cursor, kind, chat, seq, body, payload, ts) "
        "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], "
        "$6::bigint[], $7::text[], $8::text[], $9::bigint[])",
        {user.str(), device.str(), cursor.str(), kind.str(), chat.str(), seq.str(), body.str(),
         payload.str(), ts.str()});
  }
  if (!b.chat_counters.empty()) {
    PgArray chat, seq;
    for (auto& c : b.chat_counters) {
      chat.add(c.chat);
      seq.add(c.last_seq);
    }
    conn.query(
        "INSERT INTO chats AS c (chat, last_seq, last_ts) SELECT t.chat, t.seq, 0 FROM "
        "unnest($1::text[], $2::bigint[]) AS t(chat, seq) ON CONFLICT (chat) DO UPDATE SET "
        "last_seq = GREATEST(c.last_seq, excluded.last_seq)",
        {chat.str(), seq.str()});
  }
  if (!b.device_counters.empty()) {
    PgArray user, device, last, acked;
    for (auto& d : b.device_counters) {
      user.add(d.user);
      device.add(d.device);
      last.add(d.last_cursor);
      acked.add(d.acked_cursor);
    }
    conn.query(
        "INSERT INTO device_cursors AS d (user_id, device, last_cursor, acked) SELECT * FROM "
        "unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) ON CONFLICT (user_id, "
        "device) DO UPDATE SET last_cursor = GREATEST(d.last_cursor, excluded.last_cursor), "
        "acked = GREATEST(d.acked, excluded.acked)",
        {user.str(), device.str(), last.str(), acked.str()});
  }
  if (!b.read_marks.empty()) {
    PgArray chat, user, seq;
    for (auto& r : b.read_marks) {
      chat.add(r.chat);
      user.add(r.user);
      seq.add(r.seq);
    }
    conn.query(
        "INSERT INTO read_marks (chat, user_id, seq) SELECT * FROM unnest($1::text[], "
        "$2::text[], $3::bigint[])",
        {chat.str(), user.str(), seq.str()});
  }
}

void import_groups(Connection& conn, const TransferBatch& b) {
  if (b.groups.empty()) return;
  PgArray id, name, policy, by, created;
  PgArray m_group, m_user, m_role, m_joined;
  for (auto& g : b.groups) {
    id.add(g.id);
    name.add(g.name);
    policy.add(g.policy);
    by.add(g.created_by);
    created.add(g.created_ms);
    for (auto& m : g.members) {
      m_group.add(g.id);
      m_user.add(m.user);
      m_role.add(m.role);
      m_joined.add(m.joined_ms);
    }
  }
  conn.query(
      "INSERT INTO groups (id, name, policy, created_by, created_ms) SELECT * FROM "
      "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])",
      {id.str(), name.str(), policy.str(), by.str(), created.str()});
  if (m_group.empty()) return;
  // In the given order, so `pos` keeps each group's member order.
  conn.query(
      "INSERT INTO group_members (group_id, user_id, role, joined_ms) SELECT t.g, t.u, t.r, t.j "
      "FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY "
      "AS t(g, u, r, j, n) ORDER BY t.n",
      {m_group.str(), m_user.str(), m_role.str(), m_joined.str()});
}

// GroupAccess state, after the groups and members it updates.
void import_group_access(Connection& conn, const TransferBatch& b) {
  if (!b.join_seqs.empty()) {
    PgArray group, user, seq;
    for (auto& j : b.join_seqs) {
      group.add(j.group);
      user.add(j.user);
      seq.add(j.joined_seq);
    }
    conn.query(
        "UPDATE group_members m SET joined_seq = t.s FROM unnest($1::text[], $2::text[], "
        "$3::bigint[]) AS t(g, u, s) WHERE m.group_id = t.g AND m.user_id = t.u",
        {group.str(), user.str(), seq.str()});
  }
  if (!b.invite_epochs.empty()) {
    PgArray group, epoch;
    for (auto& e : b.invite_epochs) {
      group.add(e.group);
      epoch.add(e.epoch);
    }
    conn.query(
        "UPDATE groups g SET invite_epoch = GREATEST(g.invite_epoch, t.e) FROM "
        "unnest($1::text[], $2::bigint[]) AS t(id, e) WHERE g.id = t.id",
        {group.str(), epoch.str()});
  }
  if (!b.group_add_privacy.empty()) {
    PgArray user, who;
    for (auto& p : b.group_add_privacy) {
      user.add(p.user);
      who.add(p.who);
    }
    conn.query(
        "INSERT INTO group_add_privacy (user_id, who) SELECT * FROM unnest($1::text[], "
        "$2::text[])",
        {user.str(), who.str()});
  }
}

void import_keys_and_social(Connection& conn, const TransferBatch& b) {
  if (!b.device_keys.empty()) {
    PgArray user, device, identity, s_id, s_key, s_sig, lr_id, lr_key;
    PgArray o_user, o_device, o_id, o_key;
    for (auto& d : b.device_keys) {
      user.add(d.user);
      device.add(d.device);
      identity.add(d.keys.identity_key);
      s_id.add(d.keys.signed_prekey.id);
      s_key.add(d.keys.signed_prekey.key);
      s_sig.add(d.keys.signed_prekey.signature);
      if (d.keys.last_resort) {
        lr_id.add(d.keys.last_resort->id);
        lr_key.add(d.keys.last_resort->key);
      } else {
        lr_id.add_null();
        lr_key.add_null();
      }
      for (auto& k : d.keys.one_time) {
        o_user.add(d.user);
        o_device.add(d.device);
        o_id.add(k.id);
        o_key.add(k.key);
      }
    }
    conn.query(
        "INSERT INTO device_keys (user_id, device, identity_key, signed_id, signed_key, "
        "signed_signature, last_resort_id, last_resort_key) SELECT * FROM unnest($1::text[], "
        "$2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::text[])",
        {user.str(), device.str(), identity.str(), s_id.str(), s_key.str(), s_sig.str(),
         lr_id.str(), lr_key.str()});
    if (!o_user.empty())
      conn.query(
          "INSERT INTO one_time_keys (user_id, device, id, key) SELECT * FROM unnest($1::text[], "
          "$2::text[], $3::bigint[], $4::text[])",
          {o_user.str(), o_device.str(), o_id.str(), o_key.str()});
  }
  if (!b.privacy.empty()) {
    PgArray user, seen, online, receipts;
    for (auto& p : b.privacy) {
      user.add(p.user);
      seen.add(p.settings.last_seen);
      online.add(p.settings.online);
      receipts.add(p.settings.read_receipts);
    }
    conn.query(
        "INSERT INTO privacy (user_id, last_seen, online, read_receipts) SELECT * FROM "
        "unnest($1::text[], $2::text[], $3::text[], $4::text[])",
        {user.str(), seen.str(), online.str(), receipts.str()});
  }
  if (!b.contacts.empty()) {
    PgArray user, other;
    for (auto& p : b.contacts) {
      user.add(p.user);
      other.add(p.other);
    }
    conn.query(
        "INSERT INTO contacts (user_id, contact) SELECT * FROM unnest($1::text[], $2::text[])",
        {user.str(), other.str()});
  }
  if (!b.blocks.empty()) {
    PgArray user, other;
    for (auto& p : b.blocks) {
      user.add(p.user);
      other.add(p.other);
    }
    conn.query("INSERT INTO blocks (user_id, blocked) SELECT * FROM unnest($1::text[], $2::text[])",
               {user.str(), other.str()});
  }
}

}  // namespace

void PgStoreTransfer::import_batch(const TransferBatch& batch) {
  auto conn = pool_->acquire();
  Transaction tx(*conn);
  import_accounts(*conn, batch);
  import_messages(*conn, batch);
  import_groups(*conn, batch);
  import_group_access(*conn, batch);
  import_keys_and_social(*conn, batch);
  tx.commit();
}

}  // namespace sb::store_postgres
