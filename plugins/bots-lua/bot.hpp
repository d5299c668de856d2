// SPDX-License-Identifier: Apache-2.0
// One bot: its script in a Sandbox, its account and protocol session (it talks to the core
// exactly as a client does), its timers and HTTP calls. Everything that touches the Lua
// state runs on the bot's own thread, one callback at a time.
#pragma once

#include <atomic>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <switchboard/bus.hpp>
#include <switchboard/events/message.hpp>
#include <switchboard/log.hpp>
#include <switchboard/scheduler.hpp>
#include <switchboard/services/kv_store.hpp>
#include <switchboard/services/messaging.hpp>

#include "bot_api.hpp"
#include "http_fetch.hpp"
#include "sandbox.hpp"
#include "work_queue.hpp"

struct lua_State;

namespace bots_lua {

// What every bot of one plugin instance shares.
struct BotEnv {
  sb::Logger& log;
  sb::Scheduler& scheduler;
  sb::Bus& bus;
  std::shared_ptr<sb::Messaging> messaging;
  std::function<std::shared_ptr<sb::KvStore>()> kv;
  HttpFetcher& http;
  Limits limits;
  int max_failures = 5;
  std::atomic<bool> server_started{false};
};

// A snapshot for bots.list and health(). state: "loading", "running", "refused" (the
// script never loaded), "disabled" (too many failures), "removed".
struct BotStatus {
  std::string name, user, display_name, state, error;
  int failures = 0;
  std::int64_t loaded_ms = 0;  // when the running version loaded
};

// One line of a bot's recent log (its own sb.log lines and the plugin's about it).
struct BotLogEntry {
  std::int64_t ts_ms = 0;
  std::string level, message;
};

class Bot final : public BotApi, public std::enable_shared_from_this<Bot> {
 public:
  Bot(std::string name, std::filesystem::path path, BotEnv& env);
  ~Bot() override;

  // (Re)loads the script on the bot's thread, then connects when the server runs; `done`
  // runs after. A reload that fails keeps the running version.
  void load(std::function<void()> done = {});
  // Opens the protocol session once the script is loaded and the server started.
  void connect();
  // The script's file went away: close the session, drop the state (on the bot's thread).
  void retire();
  // Joins the bot's thread and releases everything. Not from the bot's own thread.
  void stop();
  BotStatus status() const;
  const std::string& name() const { return name_; }
  // An admin's switch (bot-control): a disabled bot runs no callback until enabled again,
  // even across reloads. `done` runs on the bot's thread afterwards.
  void set_enabled(bool enabled, std::function<void()> done = {});
  bool enabled() const { return !admin_disabled_; }
  // The last lines (at most 200), oldest first.
  std::vector<BotLogEntry> recent_log() const;

  // The running script intercepts message.submitted (sb.intercept).
  bool intercepting() const { return intercepting_; }
  // Runs the script's interceptors on `e` on the bot's thread and waits up to `timeout` for
  // their verdict; proceeds when they take longer or fail. On the submitting thread.
  sb::Verdict intercept(sb::MessageSubmitted& e, std::chrono::milliseconds timeout);

  // From the session's link (core threads): a frame for the bot, the link's end.
  bool deliver(std::string frame);
  void link_closed(std::string reason);

  // BotApi, on the bot's thread while a script runs.
  const std::string& user_id() const override { return user_; }
  void send(sb::json::object to, sb::json::value body) override;
  std::optional<std::string> kv_get(const std::string& key) override;
  void kv_set(const std::string& key, const std::string& value) override;
  void kv_del(const std::string& key) override;
  int after(std::chrono::milliseconds delay, int ref) override;
  void cancel(int timer) override;
  void http(HttpRequest request, int ref) override;
  void log(sb::LogLevel level, std::string_view text) override;

 private:
  struct Timer {
    int gen = 0;
    int ref = 0;
    sb::Subscription handle;
    std::string owner;  // the user whose message scheduled it; empty: the bot's own
  };
  // Around every callback: sb.kv writes are held and timers noted, so a failed callback
  // leaves nothing behind (a user's bad input cannot poison the kv for everyone).
  void begin_callback();
  void end_callback(const std::optional<std::string>& error);

  // bot.cpp: lifecycle
  void do_load();
  void load_failed(const std::string& error);
  void do_connect();
  void ensure_account();
  void set_status(const std::string& state, const std::string& error);
  void remember(std::string_view level, std::string message);
  std::shared_ptr<sb::KvStore> kv() const;

  // bot_intercept.cpp
  struct Decision {
    bool veto = false;
    std::string reason;
    std::optional<sb::json::value> body;
  };
  Decision run_intercept(const sb::json::value& message);

  // bot_events.cpp: frames in, callbacks out
  void handle_frame(const std::string& text);
  void on_reply(const sb::json::object& reply);
  void on_message(const sb::json::object& ev);
  void on_group(const sb::json::object& ev);
  void fire_timer(int id);
  void http_done(int gen, int ref, HttpResult result);
  void dispatch(const char* event, const sb::json::value& arg);
  void call_ref(const char* what, int ref, const sb::json::value* arg);
  // `ran`, when given, says afterwards whether a handler actually ran (only then does a
  // success reset the failure count).
  template <class F>
  void run_callback(const char* what, F& body, const bool* ran = nullptr);
  void callback_failed(const char* what, const std::string& error);
  void request(sb::json::object frame);

  const std::string name_;
  const std::filesystem::path path_;
  const std::string user_;
  BotEnv& env_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> intercepting_{false};

  // The bot's thread only.
  std::unique_ptr<Sandbox> sandbox_;
  int gen_ = 0;         // the running sandbox's generation
  int next_gen_ = 0;    // the last one created
  int active_gen_ = 0;  // the sandbox running code now (a reload runs before it is swapped in)
  lua_State* active_L_ = nullptr;
  std::string display_;
  std::optional<sb::ClientIdentity> identity_;
  std::string account_display_;
  std::shared_ptr<sb::ClientLink> link_;
  std::shared_ptr<sb::ClientSession> session_;
  std::vector<std::string> outbox_;                       // frames sent before the session opened
  std::map<std::string, sb::json::value> pending_sends_;  // request id -> body
  std::map<int, Timer> timers_;
  sb::Subscription reconnect_;
  int next_timer_ = 0;
  std::int64_t next_request_ = 0;
  int http_in_flight_ = 0;
  int failures_ = 0;
  bool disabled_ = false;
  std::string acting_user_;  // whose message (or timer) the running callback serves
  std::optional<std::map<std::string, std::optional<std::string>>> kv_pending_;
  std::vector<int> new_timers_;

  mutable std::mutex status_mutex_;
  BotStatus status_;
  std::deque<BotLogEntry> recent_;  // under status_mutex_
  std::atomic<bool> admin_disabled_{false};

  WorkQueue exec_;  // last: its thread stops before the members above go
};

// A callback runs only while the bot is loaded and enabled; its failure counts.
template <class F>
void Bot::run_callback(const char* what, F& body, const bool* ran) {
  if (!sandbox_ || disabled_ || stopping_) {
    acting_user_.clear();
    return;
  }
  active_gen_ = gen_;
  active_L_ = sandbox_->state();
  begin_callback();
  auto error = sandbox_->run(body);
  end_callback(error);
  if (error)
    callback_failed(what, *error);
  else if (failures_ > 0 && (!ran || *ran))
    failures_ = 0, set_status("running", "");
  acting_user_.clear();
}

}  // namespace bots_lua
