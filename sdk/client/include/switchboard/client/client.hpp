// SPDX-License-Identifier: Apache-2.0
// The protocol v1 client: one connection (WebSocket, or HTTP long-poll) kept up by one
// background I/O thread, request/reply with per-request timeouts, an event callback,
// automatic reconnect with backoff and jitter, and resume: replayed events the application
// already has (cursor at or below the last one handed over) are dropped, and what was
// handed over is acked.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include <switchboard/client/frames.hpp>

namespace sb::client {

enum class TransportKind { websocket, longpoll };

enum class State { connecting, connected, disconnected, stopped };

struct ClientOptions {
  // http:// or ws:// (plain), https:// or wss:// (TLS; the transport is chosen below).
  std::string server = "http://127.0.0.1:8080";
  // With TLS: a PEM file of CA certificates to trust instead of the system store. A file
  // that cannot be used makes the constructor throw Error(protocol, "bad_ca").
  std::string ca_file;
  TransportKind transport = TransportKind::websocket;
  // The access token for the next connection attempt. `rejected` is true when the server
  // refused the previous one (time to refresh). Called on the I/O thread; may block briefly.
  std::function<std::string(bool rejected)> token;
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds backoff_initial{250};
  std::chrono::milliseconds backoff_max{30'000};
  bool reconnect = true;
  // Ack every cursor event once the event callback returned. Off: call ack() yourself (over
  // long-poll the next poll carries the ack, so nothing new arrives until you do).
  bool auto_ack = true;
  // The last cursor the application already has (events at or below it are dropped).
  std::int64_t resume_after = 0;
};

class Client {
 public:
  using EventHandler = std::function<void(const Event&)>;
  using StateHandler = std::function<void(State, const std::string& why)>;
  using ReplyHandler = std::function<void(Reply)>;

  explicit Client(ClientOptions options);
  ~Client();  // stop()
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Set before start(). Both run on the I/O thread: keep them short.
  void on_event(EventHandler handler);
  void on_state(StateHandler handler);

  // Starts the I/O thread and the first connection attempt.
  void start();
  // Closes the connection, fails pending requests with "stopped", joins the thread.
  void stop();
  // True once connected (within `timeout`).
  bool wait_connected(std::chrono::milliseconds timeout);
  State state() const;
  // The reason of the last disconnect ("401", "close 1008: send queue full", ...).
  std::string last_error() const;
  // True when the last attempt was refused for its token (HTTP 401; close 4001, 4003, 4004).
  bool auth_refused() const;

  // Sends {"id":..,"op":op,...fields}. Requests made while disconnected wait for the next
  // connection; one without a reply within `timeout` (default request_timeout) completes
  // with error "timeout"; one in flight when the connection drops, with "disconnected".
  std::future<Reply> request(std::string op, json::object fields = {},
                             std::optional<std::chrono::milliseconds> timeout = {});
  void request(std::string op, json::object fields, ReplyHandler done,
               std::optional<std::chrono::milliseconds> timeout = {});
  // A frame without id (typing) or any raw text, sent as is when connected, else dropped.
  void send_raw(std::string frame);
  // Acks up to `cursor` (with auto_ack off).
  void ack(std::int64_t cursor);
  // The highest cursor handed to the event callback.
  std::int64_t last_cursor() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace sb::client
