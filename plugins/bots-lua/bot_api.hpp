// SPDX-License-Identifier: Apache-2.0
// What the Lua `sb` table asks of its bot. Every call comes on the bot's own thread while a
// script runs; errors are thrown as std::runtime_error and become Lua errors.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <switchboard/json.hpp>
#include <switchboard/log.hpp>

namespace bots_lua {

struct HttpRequest {
  std::string url;
  std::string method = "GET";
  std::string body;
  std::map<std::string, std::string> headers;
  std::chrono::milliseconds timeout{0};  // 0: the configured default
};

// Starts the message of an error that refuses one user's request at a limit (too many pending
// timers of theirs, a delay out of range). The callback fails and leaves nothing behind (its
// sb.kv writes and timers are undone), but such a refusal never counts toward disabling the
// bot: one user's input must not switch a bot off for everyone.
inline constexpr std::string_view kRefused = "refused: ";

class BotApi {
 public:
  virtual ~BotApi() = default;
  virtual const std::string& user_id() const = 0;
  // `to` is {"user": id} or {"group": id}; `body` any JSON.
  virtual void send(sb::json::object to, sb::json::value body) = 0;
  virtual std::optional<std::string> kv_get(const std::string& key) = 0;
  virtual void kv_set(const std::string& key, const std::string& value) = 0;
  virtual void kv_del(const std::string& key) = 0;
  // Calls the function under registry reference `ref` after `delay`; returns the timer id.
  virtual int after(std::chrono::milliseconds delay, int ref) = 0;
  virtual void cancel(int timer) = 0;
  // Calls the function under `ref` with the response later. Throws when the host is not
  // allowed or too many requests are in flight.
  virtual void http(HttpRequest request, int ref) = 0;
  virtual void log(sb::LogLevel level, std::string_view text) = 0;
};

}  // namespace bots_lua
