// SPDX-License-Identifier: Apache-2.0
// The rows of one ack, shared by MessageStore::ack (its own transaction) and the writer's
// batched acks (inside the group commit).
#include "message_writer.hpp"

namespace sb::store_sqlite {

std::vector<Delivered> ack_rows(Connection& conn, const std::string& user,
                                const std::string& device, std::int64_t cursor) {
  // An ack moves the device's cursor; the rows at or below it stay until the retention
  // sweep deletes them by ranges (sweep.cpp): two statements per ack, no row deletes.
  std::vector<Delivered> out;
  {
    auto q = conn.query(
        "SELECT i.chat, i.seq, m.sender_user, m.sender_device FROM inbox i JOIN messages m "
        "ON m.chat = i.chat AND m.seq = i.seq "
        "WHERE i.user = ?1 AND i.device = ?2 AND i.cursor <= ?3 AND i.seq > 0 AND i.cursor > "
        "COALESCE((SELECT cursor FROM acked WHERE user = ?1 AND device = ?2), 0) "
        "ORDER BY i.cursor");
    q.bind(1, user).bind(2, device).bind(3, cursor);
    while (q.step()) {
      Delivered d;
      d.chat = q.text(0);
      d.seq = q.integer(1);
      d.msg_id = message_id(d.chat, d.seq);
      d.sender_user = q.text(2);
      d.sender_device = q.text(3);
      out.push_back(std::move(d));
    }
  }
  conn.query(
          "INSERT INTO acked (user, device, cursor) VALUES (?, ?, ?) ON CONFLICT (user, device) "
          "DO UPDATE SET cursor = MAX(cursor, excluded.cursor)")
      .bind(1, user)
      .bind(2, device)
      .bind(3, cursor)
      .run();
  return out;
}

}  // namespace sb::store_sqlite
