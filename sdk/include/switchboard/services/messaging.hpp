// SPDX-License-Identifier: Apache-2.0
// Messaging: the core's protocol engine as transports and in-process clients (bots) see it.
// A transport only moves protocol-v1 frames; the core decodes, authorizes and answers them.
// The kernel itself provides this service (instance "kernel"): list it in `requires_`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <switchboard/json.hpp>
#include <switchboard/subscription.hpp>

namespace sb {

struct ClientIdentity {
  std::string user{};
  std::string device{};
};

// The transport's end of one client connection. Thread-safe: the core calls it from its
// own threads, in the order frames are meant to arrive.
class ClientLink {
 public:
  virtual ~ClientLink() = default;
  // Queues one frame (a JSON object as text). False when the connection is gone or its send
  // queue is full; the transport closes it then, and what was not acked stays in the inbox.
  virtual bool send(std::string frame) = 0;
  // Ends the connection. `reason` is a protocol word: "revoked", "banned", "auth_timeout",
  // "unauthorized", "shutdown".
  virtual void close(std::string_view reason) = 0;
};

// The core's end of one connection. The transport calls it from its own thread, one call
// at a time; neither call blocks (store work runs on the core's workers).
class ClientSession {
 public:
  virtual ~ClientSession() = default;
  // One frame as received. Anything that is not a valid request gets an error frame.
  virtual void on_frame(std::string_view frame) = 0;
  // The connection ended; the core sends nothing more on the link.
  virtual void on_close() = 0;
};

struct SessionOptions {
  std::string transport{};       // "websocket", "longpoll", "mqtt", "bot", ...
  std::string remote_address{};  // "ip:port" when there is one
  // Authenticates the session at once, as an `auth` frame would (the Bearer header).
  std::string bearer_token{};
  // The transport vouches for the device itself (MQTT broker ACLs, in-process bots).
  std::optional<ClientIdentity> trusted{};
};

// Thrown by an OpHandler to answer with a protocol error ("bad_request", "forbidden", ...).
class OpError : public std::runtime_error {
 public:
  OpError(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// An operation a plugin adds to the protocol (bots.list, mqtt.credentials). Runs on a core
// worker for an authenticated caller and may block briefly; returns the reply's fields.
using OpHandler =
    std::function<json::object(const ClientIdentity& caller, const json::object& request)>;

class Messaging {
 public:
  static constexpr std::string_view service_name = "messaging";
  virtual ~Messaging() = default;

  virtual std::shared_ptr<ClientSession> open(std::shared_ptr<ClientLink> link,
                                              SessionOptions options) = 0;
  // Signature and expiry only, without the store: cheap enough to refuse an upgrade on an
  // I/O thread. A session opened with the token still checks the device's standing.
  virtual std::optional<ClientIdentity> check_token(std::string_view token) = 0;
  // The full check (device not revoked, user not banned) on a core worker; `done` runs there.
  virtual void verify_token(std::string token,
                            std::function<void(std::optional<ClientIdentity>)> done) = 0;
  // Adds `op` to the protocol until the handle goes. Throws std::invalid_argument when the
  // op exists (a core op or another plugin's).
  [[nodiscard]] virtual Subscription add_op(std::string op, OpHandler handler) = 0;
  // The account `user` (e.g. "bot:echo") with its one device, created on first use. Blocks
  // on the store: call it from start() (with "account-store" in `requires_`) or a worker.
  // Throws std::runtime_error when no account store is configured.
  virtual ClientIdentity ensure_account(const std::string& user,
                                        const std::string& display_name) = 0;
};

}  // namespace sb
