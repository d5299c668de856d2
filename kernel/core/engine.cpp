// SPDX-License-Identifier: Apache-2.0
// See engine.hpp. push_appended runs on the store's writer thread, in commit order: it only
// looks sessions up and posts to their strands, which keeps each device's events in order.
#include "kernel/core/engine.hpp"

#include <chrono>
#include <mutex>

#include <switchboard/events/device.hpp>
#include <switchboard/events/message.hpp>
#include <switchboard/events/push.hpp>

#include "kernel/core/frames.hpp"
#include "kernel/core/secrets.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

Engine::Engine(kernel::MessagingSettings settings_in, Stores stores_in, Accounts& accounts_in,
               Bus& bus_in, Scheduler& scheduler_in, Logger& log_in,
               std::shared_ptr<boost::asio::thread_pool> pool_in, const OpRegistry& plugin_ops_in,
               std::string secret)
    : settings(std::move(settings_in)),
      stores(std::move(stores_in)),
      accounts(accounts_in),
      bus(bus_in),
      scheduler(scheduler_in),
      log(log_in),
      pool(*pool_in),
      presence(*this),
      plugin_ops(plugin_ops_in),
      pool_owner_(std::move(pool_in)),
      invite_key_(sha256_hex("switchboard invite links:" + secret)) {}

std::int64_t Engine::now_ms() const {
  return Accounts::system_now_ms();
}

namespace {
// The inbox event an append put at target i. Built on the receiver's strand: the store's
// writer thread, which runs push_appended and which every append waits for, only posts.
std::string appended_frame(const MessageWrite& write, const AppendResult& result, std::size_t i) {
  InboxEntry entry;
  entry.kind = write.kind;
  entry.chat = result.chat;
  entry.msg_id = result.msg_id;
  entry.seq = result.seq;
  entry.sender_user = write.sender_user;
  entry.sender_device = write.sender_device;
  entry.ts = result.ts;
  entry.enc = write.enc;
  // Targets and cursors are in the same order; a target's own body wins.
  const std::string& own = i < write.targets.size() ? write.targets[i].body : std::string();
  entry.body = own.empty() ? write.body : own;
  entry.cursor = result.cursors[i].cursor;
  return inbox_event(entry);
}

// A message's frame differs between its targets only in the cursor (and in a target's own
// body, with e2ee): for a group of 256 it is built once, on the first receiver's strand, and
// each receiver copies it with its cursor spliced in.
struct SharedFrame {
  std::once_flag once;
  std::string text;                    // the frame with "cursor":0
  std::size_t at = std::string::npos;  // where that 0 is
};

std::string shared_frame(SharedFrame& f, const MessageWrite& write, const AppendResult& result,
                         std::size_t i) {
  std::call_once(f.once, [&] {
    InboxEntry entry;
    entry.kind = write.kind;
    entry.chat = result.chat;
    entry.msg_id = result.msg_id;
    entry.seq = result.seq;
    entry.sender_user = write.sender_user;
    entry.sender_device = write.sender_device;
    entry.ts = result.ts;
    entry.enc = write.enc;
    entry.body = write.body;
    entry.cursor = 0;
    f.text = inbox_event(entry);
    // "cursor" is the field after "ev", whose value has no quotes inside.
    auto p = f.text.find("\"cursor\":0");
    if (p != std::string::npos) f.at = p + 9;
  });
  if (f.at == std::string::npos) return appended_frame(write, result, i);
  auto cursor = std::to_string(result.cursors[i].cursor);
  std::string out;
  out.reserve(f.text.size() + cursor.size());
  out.append(f.text, 0, f.at).append(cursor).append(f.text, f.at + 1);
  return out;
}
}  // namespace

void Engine::push_appended(std::shared_ptr<const MessageWrite> write, const AppendResult& result) {
  std::shared_ptr<const AppendResult> stored;
  std::shared_ptr<SharedFrame> frame;
  for (std::size_t i = 0; i < result.cursors.size(); ++i) {
    auto& at = result.cursors[i];
    auto live = sessions.find(at.user, at.device);
    if (live.empty()) {
      if (write->kind == "message")
        bus.publish(MessageUndelivered{result.msg_id, result.chat, write->sender_user,
                                       write->sender_user, at.user, at.device, result.ts});
      // Group changes are system messages in the chat: they wake a device as a group event.
      if (write->kind == "message" || write->kind == "system")
        bus.publish(PushNeeded{at.user, at.device, write->kind == "system" ? "group" : "message",
                               result.chat, write->sender_user, result.ts});
      continue;
    }
    if (!stored) stored = std::make_shared<const AppendResult>(result);
    bool own_body = i < write->targets.size() && !write->targets[i].body.empty();
    if (!own_body && !frame) frame = std::make_shared<SharedFrame>();
    for (auto& s : live)
      s->post([this, s, write, stored, i, frame = own_body ? nullptr : frame] {
        s->deliver(stored->cursors[i].cursor, frame ? shared_frame(*frame, *write, *stored, i)
                                                    : appended_frame(*write, *stored, i));
        if (delivery_latency)
          delivery_latency->observe(static_cast<double>(now_ms() - stored->ts) / 1000.0);
      });
  }
}

void Engine::append_events(std::vector<EventWrite> events, std::function<void()> stored) {
  if (events.empty()) {
    if (stored) stored();
    return;
  }
  auto payloads = std::make_shared<std::vector<std::string>>();
  // Group notices wake an offline device; receipts never do.
  auto wakes = std::make_shared<std::vector<std::string>>();  // the chat, or "" for none
  for (auto& e : events) {
    payloads->push_back(e.payload);
    wakes->push_back(e.kind == "group" ? e.chat : std::string());
  }
  stores.messages->append_events(
      std::move(events), [this, payloads, wakes, stored = std::move(stored)](
                             std::vector<InboxCursor> cursors, const StoreError* err) {
        if (err) {
          log.error("events not stored", {{"count", payloads->size()}, {"error", err->what()}});
          if (stored) stored();
          return;
        }
        // As in push_appended, frames are made on the receivers' strands, not here on the
        // writer thread.
        for (std::size_t i = 0; i < cursors.size() && i < payloads->size(); ++i) {
          auto& at = cursors[i];
          auto live = sessions.find(at.user, at.device);
          if (live.empty() && !(*wakes)[i].empty())
            bus.publish(PushNeeded{at.user, at.device, "group", (*wakes)[i], {}, now_ms()});
          for (auto& s : live)
            s->post([s, cursor = at.cursor, payloads, i] {
              s->deliver(cursor, with_cursor((*payloads)[i], cursor));
            });
        }
        if (stored) stored();
      });
}

void Engine::add_for_devices(std::vector<EventWrite>& out, const std::string& user,
                             const std::string& kind, const std::string& chat,
                             const std::string& payload) {
  for (auto& d : stores.accounts->devices(user)) out.push_back({user, d.id, kind, chat, payload});
}

void Engine::push_transient(const std::string& user, const std::string& device, std::string frame) {
  for (auto& s : sessions.find(user, device)) s->post([s, frame] { s->send(frame); });
}

void Engine::revoke(const std::string& user, const std::string& device, const std::string& reason) {
  ++revocations_;
  accounts.forget(user, device);
  for (auto& s : sessions.find(user, device)) s->post([s, reason] { s->revoke(reason); });
  bus.publish(DeviceRevoked{user, device, reason, now_ms()});
}

bool Engine::in_good_standing(const std::string& user, const std::string& device) {
  auto u = stores.accounts->user_by_id(user);
  if (!u || u->banned) return false;
  for (auto& d : stores.accounts->devices(user))
    if (d.id == device) return true;
  return false;
}

bool Engine::set_banned(const std::string& user, bool banned) {
  if (!stores.accounts->user_by_id(user)) return false;
  stores.accounts->set_banned(user, banned);
  if (banned) {
    revoke(user, {}, "banned");
    // A banned user's phones must stop waking up for this server.
    if (stores.push) stores.push->remove_push_subscriptions(user, {});
  }
  return true;
}

}  // namespace sb::core
