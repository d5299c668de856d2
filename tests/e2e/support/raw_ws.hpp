// SPDX-License-Identifier: Apache-2.0
// A blocking WebSocket client for tests that need to send what a well-behaved client never
// would (oversized frames, invalid UTF-8, binary) and to see close codes. Every call is
// bounded by a timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace sb::e2e {

class RawWs {
 public:
  // Connects and upgrades at `path`; `bearer` empty: no Authorization header.
  RawWs(int port, const std::string& bearer = {}, const std::string& path = "/v1/ws");
  ~RawWs();
  RawWs(const RawWs&) = delete;
  RawWs& operator=(const RawWs&) = delete;

  // 101 when upgraded, else the HTTP status of the refusal (0: no answer).
  int status() const { return status_; }
  bool open() const { return status_ == 101 && !closed_; }

  void send_text(const std::string& text);
  void send_binary(const std::string& bytes);
  // The next text message, or nullopt on close/timeout (then close_code() tells). A timeout
  // ends the connection too.
  std::optional<std::string> read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until the server closes; returns its close code (0: no close within the timeout,
  // 1006: the connection dropped without a close frame).
  int wait_close(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  int close_code() const { return close_code_; }
  // Stops reading from the socket (to become a slow consumer): nothing is read until read().
  void close();

 private:
  struct State;
  std::unique_ptr<State> s_;
  int status_ = 0;
  int close_code_ = 0;
  bool closed_ = false;
};

}  // namespace sb::e2e
