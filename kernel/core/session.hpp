// SPDX-License-Identifier: Apache-2.0
// One client connection as the core sees it: authentication, the op dispatch of its frames,
// and the ordered push of events (backlog first, then live) on a strand of the core's pool.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <switchboard/json.hpp>
#include <switchboard/services/messaging.hpp>

namespace sb::core {

class Engine;

class Session final : public ClientSession, public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<Engine> engine, std::shared_ptr<ClientLink> link, std::string transport);

  // Authenticates with the options' bearer token or trusted identity, if any. Call once,
  // right after construction.
  void start(const SessionOptions& options);

  void on_frame(std::string_view frame) override;
  void on_close() override;

  // Runs `fn` on this session's strand: everything below must run there.
  template <class F>
  void post(F&& fn) {
    boost::asio::post(strand_, std::forward<F>(fn));
  }

  void send(std::string frame);
  // An inbox event: sent unless this session already sent that cursor (the backlog replay
  // got it), a paged replay is still catching up (the replay will read it), or the client
  // is too far behind on acks (then acks page it in, as a replay).
  void deliver(std::int64_t cursor, std::string frame);
  // Tells the client why and closes the connection.
  void revoke(std::string_view reason);
  // The client acked up to `cursor`: continues a replay that waits for it.
  void acked(std::int64_t cursor);
  // AckWatch's timer: closes the session as slow_consumer when it has still been waiting
  // for an ack since longer than the timeout, else watches again.
  void check_acks(std::chrono::steady_clock::time_point now);
  // Authenticates as `who` (the auth op, a verified bearer token or a trusted identity),
  // answering `id` when the auth op asked.
  // `epoch` is Engine::revocations() from before the identity was checked.
  void authenticated(const ClientIdentity& who, const json::value& id, std::uint64_t epoch);

  // Records that a reply (sync) handed out inbox cursors up to `cursor`.
  void issued(std::int64_t cursor) { issued_upto_ = std::max(issued_upto_, cursor); }
  // The highest cursor this session handed out (pushed, replayed or synced), at least the
  // device's acked cursor when it authenticated: an ack beyond it is checked against the inbox.
  std::int64_t issued_upto() const { return std::max(issued_upto_, sent_upto_); }
  // The client's IP address; empty when the transport has none (in-process bots).
  const std::string& address() const { return address_; }

  bool is_live() const { return state_ == State::live; }
  const ClientIdentity& identity() const { return identity_; }
  const std::string& transport() const { return transport_; }

 private:
  enum class State : std::uint8_t { anonymous, live, closed };
  void handle(const std::string& text);
  void replay_page();
  // Reads from the inbox what a gap in the pushed cursors skipped (deliver()).
  void fill_gap();
  void authenticate_with_token(const std::string& token, const json::value& id);
  // Starts or stops the clock of a session that holds events back until the client acks
  // what it was sent; call after anything that changes that.
  void watch_acks();
  // Leaves the registry and presence; idempotent.
  void end();

  std::shared_ptr<Engine> engine_;
  boost::asio::strand<boost::asio::thread_pool::executor_type> strand_;
  std::shared_ptr<ClientLink> link_;
  std::string transport_;
  ClientIdentity identity_;
  State state_ = State::anonymous;
  bool backlog_pending_ = false;
  std::int64_t sent_upto_ = 0;
  std::int64_t acked_upto_ = 0;  // the client's last ack (kMaxUnacked window)
  std::int64_t issued_upto_ = 0;
  std::string address_;
  // Since when events wait for an ack that has not come (epoch: nothing waits), and whether
  // the engine's AckWatch holds this session.
  std::chrono::steady_clock::time_point waiting_since_{};
  bool ack_watched_ = false;
};

}  // namespace sb::core
