// SPDX-License-Identifier: Apache-2.0
// MessageStore: messages (per-chat seq, server time), per-device inboxes with cursors, acks,
// read marks, history and retention. Appends go through the store's group commit: many
// messages share one transaction, and `done` is called once they are durable, from the
// store's writer thread (keep it short: hand the result to your own thread).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

// One inbox a message or event goes to. `body` is this device's own ciphertext when the
// sender encrypted per device; empty means the message's shared body.
struct InboxTarget {
  std::string user{};
  std::string device{};
  std::string body{};
};

struct MessageWrite {
  std::string chat{};  // "d:<user>:<user>" (ids sorted) or "g:<group>"
  std::string sender_user{};
  std::string sender_device{};
  std::string client_msg_id{};   // idempotent per (sender_user, sender_device); empty: system
  std::string kind = "message";  // "message", "system" (group changes), "status"
  std::string enc = "none";      // "none" or "e2ee"
  std::string body{};            // JSON text shared by every target without its own body
  std::int64_t expires_ms = 0;   // 0: the deployment's retention decides
  std::vector<InboxTarget> targets{};
};

struct InboxCursor {
  std::string user{};
  std::string device{};
  std::int64_t cursor = 0;
};

struct AppendResult {
  std::string msg_id{};
  std::string chat{};
  std::int64_t seq = 0;
  std::int64_t ts = 0;
  bool duplicate = false;  // (sender_user, sender_device, client_msg_id) was stored before
  std::vector<InboxCursor> cursors{};  // where it landed; empty for a duplicate
};

// An inbox entry that is not a message: a receipt or a group event, as its JSON form.
struct EventWrite {
  std::string user{};
  std::string device{};
  std::string kind{};  // "receipt", "group"
  std::string chat{};
  std::string payload{};  // JSON text of the event without its cursor
};

struct InboxEntry {
  std::int64_t cursor = 0;
  std::string kind{};  // "message", "system", "status", "receipt", "group"
  std::string chat{};
  // messages
  std::string msg_id{};
  std::int64_t seq = 0;
  std::string sender_user{};
  std::string sender_device{};
  std::int64_t ts = 0;
  std::string enc{};
  std::string body{};
  // receipts and group events
  std::string payload{};
};

struct StoredMessage {
  std::string msg_id{};
  std::string chat{};
  std::int64_t seq = 0;
  std::string sender_user{};
  std::string sender_device{};
  std::int64_t ts = 0;
  std::string kind{};
  std::string enc{};
  std::string body{};
};

// A message newly delivered to a device by an ack: its sender gets a delivered receipt.
struct Delivered {
  std::string msg_id{};
  std::string chat{};
  std::int64_t seq = 0;
  std::string sender_user{};
  std::string sender_device{};
};

enum class Retention { until_delivered, keep };

class MessageStore {
 public:
  static constexpr std::string_view service_name = "message-store";
  virtual ~MessageStore() = default;

  // Exactly one of `result` and `error` is set when `done` runs.
  using AppendDone = std::function<void(const AppendResult* result, const StoreError* error)>;
  virtual void append(MessageWrite write, AppendDone done) = 0;
  using EventsDone = std::function<void(std::vector<InboxCursor> cursors, const StoreError* error)>;
  virtual void append_events(std::vector<EventWrite> events, EventsDone done) = 0;

  // Entries after `after_cursor`, oldest first, at most `limit`.
  virtual std::vector<InboxEntry> inbox(const std::string& user, const std::string& device,
                                        std::int64_t after_cursor, int limit) = 0;
  // Marks everything up to `cursor` delivered to the device and drops it from its inbox;
  // returns the messages (not events) that this ack delivered.
  virtual std::vector<Delivered> ack(const std::string& user, const std::string& device,
                                     std::int64_t cursor) = 0;
  virtual std::int64_t acked_cursor(const std::string& user, const std::string& device) = 0;

  // Messages of a chat still held, newest first, with seq < before_seq (0: from the end).
  virtual std::vector<StoredMessage> history(const std::string& chat, std::int64_t before_seq,
                                             int limit) = 0;
  // Records that `user` read `chat` up to `upto_seq`; returns the senders (other than the
  // reader) of the messages newly covered, so read receipts can go to them.
  virtual std::vector<std::string> mark_read(const std::string& chat, const std::string& user,
                                             std::int64_t upto_seq) = 0;

  // Deletes what retention no longer keeps (fully delivered messages under until_delivered,
  // anything past its expiry); returns how many messages went.
  virtual std::int64_t sweep(std::int64_t now_ms, Retention retention,
                             std::int64_t undelivered_ttl_ms) = 0;
  // Waits until everything appended so far is durable (drain, tests).
  virtual void flush() = 0;
};

}  // namespace sb
