// SPDX-License-Identifier: Apache-2.0
// ChatListStore: one row per user and chat, updated in place (upserts), so the chat list is
// one indexed read however long the chats are.
#include "pg_array.hpp"
#include "social_stores.hpp"

namespace sb::store_postgres {

void PgChatListStore::record_message(const ChatActivity& m, const std::vector<std::string>& users) {
  if (users.empty()) return;
  PgArray list;
  for (auto& u : users) list.add(u);
  auto conn = pool_->acquire();
  conn->query(
      "INSERT INTO chat_list AS c (user_id, chat, last_msg_id, last_seq, last_from, last_ts, "
      "read_seq, unread) SELECT u, $2::text, $3::text, $4::bigint, $5::text, $6::bigint, "
      "CASE WHEN u = $5 THEN $4::bigint ELSE 0 END, CASE WHEN u = $5 THEN 0 ELSE 1 END "
      "FROM unnest($1::text[]) u ON CONFLICT (user_id, chat) DO UPDATE SET "
      "last_msg_id = excluded.last_msg_id, last_seq = excluded.last_seq, "
      "last_from = excluded.last_from, last_ts = excluded.last_ts, "
      "read_seq = CASE WHEN excluded.last_from = c.user_id "
      "THEN GREATEST(c.read_seq, excluded.last_seq) ELSE c.read_seq END, "
      "unread = CASE WHEN excluded.last_from = c.user_id THEN 0 ELSE c.unread + 1 END "
      "WHERE excluded.last_seq > c.last_seq",
      {list.str(), m.chat, m.msg_id, m.seq, m.from_user, m.ts});
}

void PgChatListStore::record_read(const std::string& user, const std::string& chat,
                                  std::int64_t upto_seq) {
  auto conn = pool_->acquire();
  // Above the mark lie at most last_seq - mark messages; fewer when some were the user's own.
  conn->query(
      "UPDATE chat_list SET read_seq = $3, unread = LEAST(unread, GREATEST(last_seq - $3, 0)) "
      "WHERE user_id = $1 AND chat = $2 AND read_seq < $3",
      {user, chat, upto_seq});
}

std::vector<ChatListEntry> PgChatListStore::chat_list(const std::string& user, std::size_t limit) {
  auto conn = pool_->acquire();
  auto r = conn->query(
      "SELECT chat, last_msg_id, last_seq, last_from, last_ts, read_seq, unread FROM chat_list "
      "WHERE user_id = $1 ORDER BY last_ts DESC, chat LIMIT $2",
      {user, static_cast<std::int64_t>(limit)});
  std::vector<ChatListEntry> out;
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.text(i, 0), r.text(i, 1), r.integer(i, 2), r.text(i, 3), r.integer(i, 4),
                   r.integer(i, 5), r.integer(i, 6)});
  return out;
}

}  // namespace sb::store_postgres
