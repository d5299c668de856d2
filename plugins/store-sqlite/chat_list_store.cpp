// SPDX-License-Identifier: Apache-2.0
// ChatListStore: one row per user and chat, updated in place (upserts), so the chat list is
// one indexed read however long the chats are.
#include "message_writer.hpp"
#include "social_stores.hpp"

namespace sb::store_sqlite {

// Both updates run in the message writer's batches (MessageWriter::record_chat_*), in the
// order they were recorded; reads flush the writer first, so they see every update recorded
// before them, as when each update committed on its own.
void chat_list_message_rows(Connection& conn, const ChatActivity& m,
                            const std::vector<std::string>& users) {
  for (auto& u : users)
    conn.query(
            "INSERT INTO chat_list (user, chat, last_msg_id, last_seq, last_from, last_ts, "
            "read_seq, unread) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
            "CASE WHEN ?1 = ?5 THEN ?4 ELSE 0 END, CASE WHEN ?1 = ?5 THEN 0 ELSE 1 END) "
            "ON CONFLICT (user, chat) DO UPDATE SET last_msg_id = excluded.last_msg_id, "
            "last_seq = excluded.last_seq, last_from = excluded.last_from, "
            "last_ts = excluded.last_ts, "
            "read_seq = CASE WHEN excluded.last_from = chat_list.user "
            "THEN MAX(chat_list.read_seq, excluded.last_seq) ELSE chat_list.read_seq END, "
            "unread = CASE WHEN excluded.last_from = chat_list.user THEN 0 "
            "ELSE chat_list.unread + 1 END "
            "WHERE excluded.last_seq > chat_list.last_seq")
        .bind(1, u)
        .bind(2, m.chat)
        .bind(3, m.msg_id)
        .bind(4, m.seq)
        .bind(5, m.from_user)
        .bind(6, m.ts)
        .run();
}

void chat_list_read_rows(Connection& conn, const std::string& user, const std::string& chat,
                         std::int64_t upto_seq) {
  // Above the mark lie at most last_seq - mark messages; fewer when some were the user's own.
  conn.query(
          "UPDATE chat_list SET read_seq = ?3, unread = MIN(unread, MAX(last_seq - ?3, 0)) "
          "WHERE user = ?1 AND chat = ?2 AND read_seq < ?3")
      .bind(1, user)
      .bind(2, chat)
      .bind(3, upto_seq)
      .run();
}

void SqliteChatListStore::record_message(const ChatActivity& m,
                                         const std::vector<std::string>& users) {
  writer_->record_chat_message(m, users);
}

void SqliteChatListStore::record_read(const std::string& user, const std::string& chat,
                                      std::int64_t upto_seq) {
  writer_->record_chat_read(user, chat, upto_seq);
}

std::vector<ChatListEntry> SqliteChatListStore::chat_list(const std::string& user,
                                                          std::size_t limit) {
  writer_->flush();
  auto conn = pool_->acquire();
  auto q = conn->query(
      "SELECT chat, last_msg_id, last_seq, last_from, last_ts, read_seq, unread FROM chat_list "
      "WHERE user = ? ORDER BY last_ts DESC, chat LIMIT ?");
  q.bind(1, user).bind(2, static_cast<std::int64_t>(limit));
  std::vector<ChatListEntry> out;
  while (q.step())
    out.push_back(
        {q.text(0), q.text(1), q.integer(2), q.text(3), q.integer(4), q.integer(5), q.integer(6)});
  return out;
}

}  // namespace sb::store_sqlite
