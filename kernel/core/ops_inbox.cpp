// SPDX-License-Identifier: Apache-2.0
// Ops on what a device has received and read: ack (delivered receipts), sync, history,
// read (read receipts, batched per chat) and typing.
#include <map>

#include <boost/asio/post.hpp>

#include <switchboard/events/message.hpp>

#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"
#include "kernel/core/groups.hpp"
#include "kernel/core/presence.hpp"
#include "kernel/core/reply_page.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

namespace {

constexpr std::int64_t kMaxCursor = std::int64_t{1} << 53;  // exact in every JSON client

// After an ack is durable: answer it, continue a paged replay, tell the senders. One
// delivered receipt per sender device and chat covers everything this ack delivered there
// (`upto_seq`, `count`; `msg_id` the newest): a coalesced ack of 50 messages stores one
// receipt, not 50 (docs/performance.md, round 2). In groups, one receipt also covers several
// members (`by_users`; round 3).
void acked(const Call& call, std::int64_t cursor, const std::vector<Delivered>& delivered) {
  call.session->post([call, cursor] {
    call.ok();
    call.session->acked(cursor);
  });
  if (delivered.empty()) return;
  auto& e = call.engine;
  try {
    auto now = e.now_ms();
    struct Covered {
      const Delivered* newest = nullptr;
      std::int64_t count = 0;
    };
    std::map<std::pair<std::string_view, std::string_view>, Covered> per_chat;  // sender, chat
    for (auto& d : delivered) {
      e.bus.publish(MessageDelivered{d.msg_id, d.chat, d.seq, call.user(), call.device(), now});
      // Your own messages reaching your other devices need no tick.
      if (d.sender_user.empty() || d.sender_user == call.user()) continue;
      auto& c = per_chat[{d.sender_user, d.chat}];
      if (!c.newest || d.seq > c.newest->seq) c.newest = &d;
      ++c.count;
    }
    std::vector<EventWrite> receipts;
    for (auto& [key, c] : per_chat) {
      auto& d = *c.newest;
      // In a group, the other members' acks of the same messages come at about the same
      // time: their receipts are gathered into one (group_receipts.hpp).
      if (d.chat.starts_with("g:")) {
        e.group_receipts.add(d.sender_user, d.chat, d.msg_id, d.seq, c.count, call.user(), now);
        continue;
      }
      auto payload =
          receipt_payload("delivered", d.chat, d.msg_id, d.seq, call.user(), now, c.count);
      e.add_for_devices(receipts, d.sender_user, "receipt", d.chat, payload);
    }
    e.append_events(std::move(receipts));
  } catch (const std::exception& x) {
    e.log.error("delivered receipts not sent", {{"error", x.what()}});
  }
}

// An ack beyond every cursor the device was given would mark events not yet written as
// delivered (and drop them from the inbox when they come): the device would go deaf. What
// this session handed out is known; a cursor handed to an earlier connection is still in the
// inbox (or acked already).
void check_issued(Call& c, std::int64_t cursor) {
  auto issued = c.session->issued_upto();
  if (cursor <= issued) return;
  auto& store = *c.engine.stores.messages;
  if (cursor <= store.acked_cursor(c.user(), c.device())) return;
  if (!store.inbox(c.user(), c.device(), cursor - 1, 1).empty()) return;
  throw ProtocolError("bad_request",
                      "field \"cursor\": " + std::to_string(cursor) +
                          " is beyond the last cursor this device was sent (" +
                          std::to_string(issued) + ")",
                      {{"highest", issued}});
}

void op_ack(Call& c) {
  auto cursor = c.fields().integer("cursor", 0, kMaxCursor);
  check_issued(c, cursor);
  if (auto& queued = c.engine.stores.acks) {
    // Committed with the store's next group commit; `done` runs on the store's thread, so
    // the receipts' reads move to a worker.
    queued->ack(c.user(), c.device(), cursor,
                [call = c, cursor](std::vector<Delivered> delivered, const StoreError* err) {
                  if (err) {
                    auto error = std::make_exception_ptr(*err);
                    call.session->post([call, error] { answer_failure(call, error); });
                    return;
                  }
                  boost::asio::post(call.engine.pool,
                                    [call, cursor, delivered = std::move(delivered)] {
                                      acked(call, cursor, delivered);
                                    });
                });
    return;
  }
  // The ack waits for the store's writer; done off the strand, so that events for this
  // device are not held up behind it.
  boost::asio::post(c.engine.pool, [call = c, cursor]() mutable {
    std::vector<Delivered> delivered;
    try {
      delivered = call.engine.stores.messages->ack(call.user(), call.device(), cursor);
    } catch (...) {
      auto error = std::current_exception();
      call.session->post([call, error] { answer_failure(call, error); });
      return;
    }
    acked(call, cursor, delivered);
  });
}

// A page smaller than the cap, for a client (or a long-poll POST sharing one budget among
// its requests) that wants less at once.
std::size_t max_bytes(const Fields& f) {
  return static_cast<std::size_t>(
      f.opt_integer("max_bytes", kReplyBytes, kMinReplyBytes, kReplyBytes));
}

void op_sync(Call& c) {
  auto f = c.fields();
  auto after = f.opt_integer("after", 0, 0, kMaxCursor);
  auto limit = f.opt_integer("limit", 100, 1, 500);
  ReplyPage page(max_bytes(f));
  auto entries =
      c.engine.stores.messages->inbox(c.user(), c.device(), after, static_cast<int>(limit));
  std::int64_t last = after;
  for (auto& en : entries) {
    if (!page.add(inbox_event(en))) break;
    last = en.cursor;
  }
  c.session->issued(last);
  json::object more;
  if (page.full()) more = {{"more", true}, {"next_after", last}};
  c.session->send(reply_ok_raw(c.req().id, "events", page.list(), std::move(more)));
}

void op_history(Call& c) {
  auto f = c.fields();
  auto chat = f.string("chat");
  chat_members(c.engine, chat, c.user());
  auto before = f.opt_integer("before_seq", 0, 0, kMaxCursor);
  auto limit = f.opt_integer("limit", 50, 1, 500);
  ReplyPage page(max_bytes(f));
  auto from = visible_from(c.engine, chat, c.user());
  auto messages = c.engine.stores.messages->history(chat, before, static_cast<int>(limit));
  std::int64_t last = 0;
  for (auto& m : messages) {
    if (m.seq < from) break;  // newest first: all the rest is from before they joined
    if (!page.add(history_item(m))) break;
    last = m.seq;
  }
  json::object more;
  if (page.full()) more = {{"more", true}, {"next_before_seq", last}};
  c.session->send(reply_ok_raw(c.req().id, "messages", page.list(), std::move(more)));
}

void op_read(Call& c) {
  auto& e = c.engine;
  auto f = c.fields();
  auto chat = f.string("chat");
  auto upto = f.integer("upto_seq", 1, kMaxCursor);
  chat_members(e, chat, c.user());
  auto senders = e.stores.messages->mark_read(chat, c.user(), upto);
  c.ok();
  auto now = e.now_ms();
  e.bus.publish(MessageRead{chat, upto, c.user(), now});
  if (senders.empty()) return;
  auto privacy = e.stores.social->privacy(c.user()).read_receipts;
  std::vector<EventWrite> receipts;
  auto payload = receipt_payload("read", chat, {}, upto, c.user(), now);
  for (auto& s : senders) {
    if (s == c.user()) continue;
    bool contact = privacy == "contacts" && e.stores.social->is_contact(c.user(), s);
    if (!privacy_allows(privacy, contact)) continue;
    e.add_for_devices(receipts, s, "receipt", chat, payload);
  }
  e.append_events(std::move(receipts));
}

void op_typing(Call& c) {
  auto& e = c.engine;
  auto f = c.fields();
  auto chat = f.string("chat");
  auto state = f.choice("state", {"on", "off"});
  auto members = chat_members(e, chat, c.user());
  auto frame = typing_event(chat, c.user(), state);
  for (auto& m : members) {
    if (m == c.user() || e.stores.social->is_blocked(m, c.user())) continue;
    e.push_transient(m, {}, frame);
  }
  if (!c.req().id.is_null()) c.ok();
}

}  // namespace

void add_inbox_ops(OpTable& ops) {
  ops.emplace("ack", &op_ack);
  ops.emplace("sync", &op_sync);
  ops.emplace("history", &op_history);
  ops.emplace("read", &op_read);
  ops.emplace("typing", &op_typing);
}

}  // namespace sb::core
