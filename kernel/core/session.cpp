// SPDX-License-Identifier: Apache-2.0
// See session.hpp. Every event to a device passes this session's strand in the order it
// was committed, so `sent_upto_` alone decides what the backlog replay already covered.
#include "kernel/core/session.hpp"

#include <algorithm>

#include <switchboard/events/device.hpp>

#include "kernel/core/auth_routes.hpp"
#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/frames.hpp"
#include "kernel/core/protocol.hpp"

namespace sb::core {

namespace {
// A replay page: enough to fill a pipe, small enough for any transport's send queue.
constexpr int kReplayPage = 256;
constexpr std::size_t kReplayBytes = 256 * 1024;
// Live events pushed beyond the device's last ack. Past it the session stops pushing and
// lets acks page the rest in from the inbox: a client reading slowly (a group sender
// getting every member's receipt) is slowed down instead of overflowing its transport's
// send queue and being cut off, and what a session holds in memory stays bounded.
constexpr std::int64_t kMaxUnacked = 1024;
}  // namespace

Session::Session(std::shared_ptr<Engine> engine, std::shared_ptr<ClientLink> link,
                 std::string transport)
    : engine_(std::move(engine)),
      strand_(boost::asio::make_strand(engine_->pool.get_executor())),
      link_(std::move(link)),
      transport_(std::move(transport)) {}

void Session::start(const SessionOptions& options) {
  if (!options.remote_address.empty()) address_ = client_ip(options.remote_address);
  if (options.trusted) {
    post([self = shared_from_this(), who = *options.trusted] {
      // A trusted identity is vouched for by the transport, not checked: epoch 0 makes
      // authenticated() look at the store once.
      self->authenticated(who, json::value(), 0);
    });
  } else if (!options.bearer_token.empty()) {
    post([self = shared_from_this(), token = options.bearer_token] {
      self->authenticate_with_token(token, json::value());
    });
  }
}

void Session::on_frame(std::string_view frame) {
  post([self = shared_from_this(), text = std::string(frame)] { self->handle(text); });
}

void Session::on_close() {
  post([self = shared_from_this()] {
    self->end();
    self->link_.reset();
  });
}

void Session::handle(const std::string& text) {
  if (state_ == State::closed) return;
  json::value id;
  Request req;
  try {
    req = parse_request(text, id);
  } catch (const ProtocolError& e) {
    send(reply_error(id, e.code(), e.what()));
    return;
  }
  if (req.op == "auth") {
    if (state_ == State::live) {
      send(reply_error(id, "bad_request",
                       "already authenticated as " + identity_.user + "/" + identity_.device));
      return;
    }
    auto* token = req.frame.if_contains("token");
    if (!token || !token->is_string() || token->as_string().empty()) {
      send(reply_error(id, "bad_request", "field \"token\": expected the access token string"));
      return;
    }
    authenticate_with_token(std::string(token->as_string()), id);
    return;
  }
  if (state_ != State::live) {
    send(reply_error(id, "unauthorized",
                     "authenticate first: {\"op\":\"auth\",\"token\":<access token>}"));
    return;
  }
  dispatch(*engine_, shared_from_this(), std::move(req));
}

void Session::authenticate_with_token(const std::string& token, const json::value& id) {
  std::optional<Identity> who;
  auto epoch = engine_->revocations();
  try {
    who = engine_->accounts.verify_access_token(token);
  } catch (const std::exception& e) {
    engine_->log.error("token check failed", {{"error", e.what()}});
    send(reply_error(id, "unavailable", "cannot check the token now; retry"));
    return;
  }
  if (!who) {
    send(reply_error(id, "unauthorized",
                     "access token invalid, expired, revoked or banned: refresh or log in"));
    if (link_) link_->close("unauthorized");
    end();
    return;
  }
  authenticated({who->user, who->device}, id, epoch);
}

void Session::authenticated(const ClientIdentity& who, const json::value& id, std::uint64_t epoch) {
  if (state_ != State::anonymous) return;
  identity_ = who;
  try {
    // Registered before the backlog is read: whatever commits from now on is also pushed
    // here, and whatever committed before is in the read.
    state_ = State::live;
    bool first = engine_->sessions.add(who.user, who.device, shared_from_this());
    // A revocation between the check and the registration did not see this session.
    if (engine_->revocations() != epoch && !engine_->in_good_standing(who.user, who.device)) {
      send(reply_error(id, "unauthorized", "this device was revoked or its user banned"));
      revoke("revoked");
      return;
    }
    sent_upto_ = acked_upto_ = engine_->stores.messages->acked_cursor(who.user, who.device);
    if (!id.is_null()) send(reply_ok(id, {{"user_id", who.user}, {"device_id", who.device}}));
    replay_page();
    watch_acks();
    if (first) engine_->presence.changed(who.user);
    engine_->stores.accounts->touch_device(who.user, who.device, engine_->now_ms());
  } catch (const std::exception& e) {
    engine_->log.error("session start failed", {{"user", who.user}, {"error", e.what()}});
    send(reply_error(id, "unavailable", "the store is unavailable; retry"));
    if (link_) link_->close("unavailable");
    end();
    return;
  }
  engine_->bus.publish(DeviceOnline{who.user, who.device, transport_, engine_->now_ms()});
}

void Session::replay_page() {
  auto entries =
      engine_->stores.messages->inbox(identity_.user, identity_.device, sent_upto_, kReplayPage);
  std::size_t bytes = 0;
  for (auto& e : entries) {
    auto frame = inbox_event(e);
    bytes += frame.size();
    sent_upto_ = e.cursor;
    send(std::move(frame));
    if (bytes >= kReplayBytes) {
      backlog_pending_ = true;
      return;
    }
  }
  // A full page may have more behind it: the client's ack asks for the next one.
  backlog_pending_ = entries.size() == static_cast<std::size_t>(kReplayPage);
}

void Session::acked(std::int64_t cursor) {
  // Only an ack that moves on shows the client reads; repeating an old one does not.
  if (cursor > acked_upto_) waiting_since_ = {};
  acked_upto_ = std::max(acked_upto_, cursor);
  if (backlog_pending_ && cursor >= sent_upto_ && state_ == State::live) replay_page();
  watch_acks();
}

void Session::watch_acks() {
  // Waiting: something is held back that only an ack of what was sent releases. A client
  // that acked everything it got is never waited for (a failed inbox read is the server's).
  bool waiting = state_ == State::live && backlog_pending_ && acked_upto_ < sent_upto_;
  if (!waiting) {
    waiting_since_ = {};
    return;
  }
  auto& watch = engine_->ack_watch;
  if (!watch.enabled()) return;
  if (waiting_since_ == std::chrono::steady_clock::time_point{})
    waiting_since_ = std::chrono::steady_clock::now();
  if (ack_watched_) return;
  ack_watched_ = true;
  watch.watch(weak_from_this(), waiting_since_ + watch.timeout());
}

void Session::check_acks(std::chrono::steady_clock::time_point now) {
  ack_watched_ = false;
  if (state_ != State::live || waiting_since_ == std::chrono::steady_clock::time_point{}) return;
  auto& watch = engine_->ack_watch;
  if (now < waiting_since_ + watch.timeout()) {
    // An ack came meanwhile and the client fell behind again: the clock restarted.
    ack_watched_ = true;
    watch.watch(weak_from_this(), waiting_since_ + watch.timeout());
    return;
  }
  // Events small enough to fit the socket buffers never overflow a transport's send queue:
  // without this, a client that stopped reading would hold its connection until the idle
  // timeout. What it did not ack stays in its inbox for the next connection.
  engine_->log.info("slow consumer closed: no ack", {{"user", identity_.user},
                                                     {"device", identity_.device},
                                                     {"transport", transport_},
                                                     {"acked", acked_upto_},
                                                     {"sent", sent_upto_}});
  if (engine_->slow_consumers) engine_->slow_consumers->inc();
  if (link_) link_->close("slow_consumer");
  end();
}

void Session::send(std::string frame) {
  if (link_) link_->send(std::move(frame));
}

void Session::deliver(std::int64_t cursor, std::string frame) {
  if (state_ != State::live || backlog_pending_ || cursor <= sent_upto_) return;
  if (sent_upto_ - acked_upto_ >= kMaxUnacked) {
    backlog_pending_ = true;  // the ack of sent_upto_ brings the rest, from the inbox
    watch_acks();
    return;
  }
  if (cursor != sent_upto_ + 1) {
    // A device's cursors are handed out densely, so a gap is an entry stored for this device
    // that was not pushed here (another node's writer on a shared store). Sending past it
    // would let the device's ack of `cursor` cover it unseen: read the gap and this entry
    // from the inbox instead, in order. The gap is committed: cursors of one device commit
    // in order.
    fill_gap();
    return;
  }
  sent_upto_ = cursor;
  send(std::move(frame));
}

void Session::fill_gap() {
  try {
    replay_page();
    watch_acks();
  } catch (const std::exception& e) {
    // The next ack retries the read (as a paged replay would).
    backlog_pending_ = true;
    engine_->log.error(
        "inbox read for a cursor gap failed",
        {{"user", identity_.user}, {"device", identity_.device}, {"error", e.what()}});
  }
}

void Session::revoke(std::string_view reason) {
  send(revoked_event(reason));
  if (link_) link_->close(reason);
  end();
}

void Session::end() {
  if (state_ == State::closed) return;
  bool was_live = state_ == State::live;
  state_ = State::closed;
  engine_->presence.unsubscribe(this);
  if (!was_live) return;
  bool last = engine_->sessions.remove(identity_.user, this);
  auto now = engine_->now_ms();
  if (last) engine_->presence.changed(identity_.user);
  try {
    engine_->stores.accounts->touch_device(identity_.user, identity_.device, now);
  } catch (const std::exception& e) {
    engine_->log.warn("last-seen update failed", {{"user", identity_.user}, {"error", e.what()}});
  }
  if (engine_->sessions.find(identity_.user, identity_.device).empty())
    engine_->bus.publish(DeviceOffline{identity_.user, identity_.device, now});
}

}  // namespace sb::core
