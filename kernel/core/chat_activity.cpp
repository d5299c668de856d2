// SPDX-License-Identifier: Apache-2.0
// See chat_activity.hpp. Observers run on the bus's workers in publish order per handler, so
// a chat's messages reach the store in commit order.
#include "kernel/core/chat_activity.hpp"

#include <switchboard/events/message.hpp>

#include "kernel/core/engine.hpp"
#include "kernel/core/social_stores.hpp"

namespace sb::core {

std::string chat_read_event(const std::string& chat, std::int64_t upto_seq, std::int64_t ts) {
  return json::serialize(
      json::object{{"ev", "chat.read"}, {"chat", chat}, {"upto_seq", upto_seq}, {"ts", ts}});
}

std::vector<Subscription> observe_chat_activity(Engine& e, Bus& bus) {
  std::vector<Subscription> subs;
  subs.push_back(bus.observe<MessageAccepted>([&e](const MessageAccepted& m) {
    try {
      // Null once the core let go of its stores while this event waited.
      if (auto list = social_stores(e)->chat_list)
        list->record_message({m.chat, m.msg_id, m.seq, m.from_user, m.ts}, m.recipients);
    } catch (const std::exception& ex) {
      e.log.warn("chat list: a message was not recorded",
                 {{"msg_id", m.msg_id}, {"error", ex.what()}});
    }
  }));
  subs.push_back(bus.observe<MessageRead>([&e](const MessageRead& r) {
    try {
      if (auto list = social_stores(e)->chat_list) list->record_read(r.by_user, r.chat, r.upto_seq);
    } catch (const std::exception& ex) {
      e.log.warn("chat list: a read mark was not recorded",
                 {{"chat", r.chat}, {"error", ex.what()}});
    }
    // After the store: a device that hears this and asks for the chat list sees the mark.
    e.push_transient(r.by_user, {}, chat_read_event(r.chat, r.upto_seq, r.ts));
  }));
  return subs;
}

}  // namespace sb::core
