// SPDX-License-Identifier: Apache-2.0
// See bot.hpp. This file: loading and reloading the script, the account and session, and
// the BotApi calls the `sb` table makes.
#include "bot.hpp"

#include <lua.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>

#include "bot_link.hpp"
#include "lua_api.hpp"

namespace bots_lua {
namespace {

constexpr std::size_t kMaxTimers = 1000;
// Pending timers one user's messages may have scheduled: past it, that user is refused.
constexpr long kMaxTimersPerUser = 20;
constexpr int kMaxHttpInFlight = 8;
constexpr std::size_t kMaxOutbox = 1000;
constexpr std::size_t kMaxScript = 1024 * 1024;
constexpr auto kReconnect = std::chrono::seconds(1);

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Bot::Bot(std::string name, std::filesystem::path path, BotEnv& env)
    : name_(std::move(name)), path_(std::move(path)), user_("bot:" + name_), env_(env) {
  status_ = {name_, user_, name_, "loading", "", 0};
}

Bot::~Bot() {
  stop();
}

void Bot::load(std::function<void()> done) {
  bool posted = exec_.post([this, done] {
    do_load();
    if (done) done();
  });
  if (!posted && done) done();
}

void Bot::connect() {
  exec_.post([this] { do_connect(); });
}

void Bot::retire() {
  exec_.post([this] {
    timers_.clear();
    reconnect_.reset();
    if (session_) session_->on_close();
    session_.reset();
    link_.reset();
    sandbox_.reset();
    set_status("removed", "the script file is gone");
  });
}

void Bot::stop() {
  stopping_ = true;
  exec_.stop();
  // The thread is gone: what follows runs alone.
  timers_.clear();
  reconnect_.reset();
  if (session_) session_->on_close();
  session_.reset();
  link_.reset();
  sandbox_.reset();
}

BotStatus Bot::status() const {
  std::lock_guard lock(status_mutex_);
  return status_;
}

void Bot::set_enabled(bool enabled, std::function<void()> done) {
  admin_disabled_ = !enabled;
  bool posted = exec_.post([this, enabled, done] {
    if (enabled) {
      disabled_ = false;
      failures_ = 0;
      set_status(sandbox_ ? "running" : "refused", "");
    } else {
      disabled_ = true;
      intercepting_ = false;
      timers_.clear();
      set_status("disabled", "disabled by an admin");
    }
    remember("info", enabled ? "enabled by an admin" : "disabled by an admin");
    if (done) done();
  });
  if (!posted && done) done();
}

std::vector<BotLogEntry> Bot::recent_log() const {
  std::lock_guard lock(status_mutex_);
  return {recent_.begin(), recent_.end()};
}

void Bot::remember(std::string_view level, std::string message) {
  std::lock_guard lock(status_mutex_);
  recent_.push_back({now_ms(), std::string(level), std::move(message)});
  while (recent_.size() > 200) recent_.pop_front();
}

void Bot::set_status(const std::string& state, const std::string& error) {
  std::lock_guard lock(status_mutex_);
  status_.state = state;
  status_.error = error;
  status_.display_name = display_;
  status_.failures = failures_;
}

bool Bot::deliver(std::string frame) {
  if (stopping_) return false;
  return exec_.post([this, frame = std::move(frame)] { handle_frame(frame); });
}

void Bot::link_closed(std::string reason) {
  exec_.post([this, reason = std::move(reason)] {
    session_.reset();
    link_.reset();
    if (stopping_ || reason == "shutdown") return;
    env_.log.warn("bot session closed; reconnecting", {{"bot", name_}, {"reason", reason}});
    std::weak_ptr<Bot> weak = weak_from_this();
    reconnect_ = env_.scheduler.after(kReconnect, [weak] {
      if (auto bot = weak.lock()) bot->connect();
    });
  });
}

void Bot::load_failed(const std::string& error) {
  remember("error", "script refused: " + error);
  if (sandbox_) {
    env_.log.error("bot script refused; the previous version keeps running",
                   {{"bot", name_}, {"file", path_.string()}, {"error", error}});
    set_status(disabled_ ? "disabled" : "running", "reload refused: " + error);
  } else {
    env_.log.error("bot script refused",
                   {{"bot", name_}, {"file", path_.string()}, {"error", error}});
    set_status("refused", error);
  }
}

void Bot::do_load() {
  static const std::regex valid_name("[A-Za-z0-9_-]{1,64}");
  if (!std::regex_match(name_, valid_name))
    return load_failed(path_.filename().string() +
                       ": a bot's file name is 1-64 letters, digits, '_' or '-' and .lua");
  std::ifstream in(path_, std::ios::binary);
  if (!in) return load_failed("cannot read " + path_.string());
  std::ostringstream text;
  text << in.rdbuf();
  auto code = text.str();
  if (code.size() > kMaxScript)
    return load_failed(path_.filename().string() + ": larger than 1 MiB");

  std::unique_ptr<Sandbox> fresh;
  try {
    fresh = std::make_unique<Sandbox>(env_.limits);
  } catch (const std::exception& e) {
    return load_failed(e.what());
  }
  int gen = ++next_gen_;
  active_gen_ = gen;
  active_L_ = fresh->state();
  struct Install {
    Bot* bot;
    const std::string* name;
  } install{this, &name_};
  auto install_body = [&install](lua_State* L) { install_api(L, *install.bot, *install.name); };
  auto error = fresh->run(install_body);
  if (!error) error = fresh->run_chunk(code, "@" + path_.filename().string());
  std::string display;
  bool intercepts = false;
  auto read_name = [&display, &intercepts](lua_State* L) {
    display = display_name(L);
    intercepts = has_handlers(L, "message.submitted");
  };
  if (!error) error = fresh->run(read_name);
  active_gen_ = gen_;
  active_L_ = sandbox_ ? sandbox_->state() : nullptr;
  if (error) {
    std::erase_if(timers_, [gen](auto& t) { return t.second.gen == gen; });
    return load_failed(*error);
  }

  bool reload = static_cast<bool>(sandbox_);
  sandbox_ = std::move(fresh);
  gen_ = gen;
  active_gen_ = gen;
  active_L_ = sandbox_->state();
  std::erase_if(timers_, [gen](auto& t) { return t.second.gen != gen; });
  failures_ = 0;
  disabled_ = admin_disabled_;
  intercepting_ = intercepts && !admin_disabled_;
  display_ = display.empty() ? name_ : display;
  // The account exists before the bot is listed as running: messages to it wait in its inbox
  // until the session opens.
  try {
    ensure_account();
  } catch (const std::exception& e) {
    env_.log.error("bot account unavailable", {{"bot", name_}, {"error", e.what()}});
  }
  {
    std::lock_guard lock(status_mutex_);
    status_.loaded_ms = now_ms();
  }
  set_status(admin_disabled_ ? "disabled" : "running",
             admin_disabled_ ? "disabled by an admin" : "");
  remember("info", reload ? "reloaded" : "loaded");
  env_.log.info(reload ? "bot reloaded" : "bot loaded",
                {{"bot", name_}, {"display_name", display_}, {"file", path_.string()}});
  do_connect();
}

void Bot::ensure_account() {
  if (identity_ && account_display_ == display_) return;
  identity_ = env_.messaging->ensure_account(user_, display_);
  account_display_ = display_;
}

void Bot::do_connect() {
  if (stopping_ || !sandbox_ || !env_.server_started) return;
  try {
    ensure_account();
  } catch (const std::exception& e) {
    env_.log.error("bot account unavailable", {{"bot", name_}, {"error", e.what()}});
    set_status(status().state, std::string("account: ") + e.what());
    return;
  }
  if (session_) return;
  link_ = std::make_shared<BotLink>(weak_from_this());
  session_ = env_.messaging->open(link_, sb::SessionOptions{"bot", "", "", *identity_});
  auto queued = std::move(outbox_);
  outbox_.clear();
  for (auto& f : queued) session_->on_frame(f);
}

void Bot::request(sb::json::object frame) {
  auto text = sb::json::serialize(frame);
  if (session_) {
    session_->on_frame(text);
  } else if (outbox_.size() < kMaxOutbox) {
    outbox_.push_back(std::move(text));
  } else {
    throw std::runtime_error("the bot is not connected and " + std::to_string(kMaxOutbox) +
                             " requests are waiting");
  }
}

void Bot::send(sb::json::object to, sb::json::value body) {
  auto n = ++next_request_;
  auto id = "s" + std::to_string(n);
  // Unique across restarts: the core answers a repeated client_msg_id with the first reply.
  auto client_id = std::to_string(now_ms()) + "-" + std::to_string(n);
  request({{"id", id},
           {"op", "send"},
           {"to", std::move(to)},
           {"client_msg_id", client_id},
           {"enc", "none"},
           {"body", body}});
  pending_sends_[id] = std::move(body);
}

std::shared_ptr<sb::KvStore> Bot::kv() const {
  auto store = env_.kv();
  if (!store) throw std::runtime_error("sb.kv: no store provides the kv-store service");
  return store;
}

std::optional<std::string> Bot::kv_get(const std::string& key) {
  if (kv_pending_)
    if (auto it = kv_pending_->find(key); it != kv_pending_->end()) return it->second;
  return kv()->get(user_, key);
}

void Bot::kv_set(const std::string& key, const std::string& value) {
  auto store = kv();  // no store: the error comes now, where the script called
  if (kv_pending_)
    (*kv_pending_)[key] = value;
  else
    store->set(user_, key, value);
}

void Bot::kv_del(const std::string& key) {
  auto store = kv();
  if (kv_pending_)
    (*kv_pending_)[key] = std::nullopt;
  else
    store->del(user_, key);
}

void Bot::begin_callback() {
  kv_pending_.emplace();
  new_timers_.clear();
}

void Bot::end_callback(const std::optional<std::string>& error) {
  auto pending = std::move(kv_pending_);
  kv_pending_.reset();
  auto timers = std::move(new_timers_);
  new_timers_.clear();
  if (error) {
    for (int id : timers) cancel(id);
    return;
  }
  if (!pending || pending->empty()) return;
  try {
    auto store = kv();
    for (auto& [key, value] : *pending) {
      if (value)
        store->set(user_, key, *value);
      else
        store->del(user_, key);
    }
  } catch (const std::exception& e) {
    env_.log.error("bot kv write failed", {{"bot", name_}, {"error", e.what()}});
  }
}

int Bot::after(std::chrono::milliseconds delay, int ref) {
  if (!acting_user_.empty()) {
    auto mine = std::count_if(timers_.begin(), timers_.end(),
                              [&](auto& t) { return t.second.owner == acting_user_; });
    if (mine >= kMaxTimersPerUser)
      throw std::runtime_error(std::string(kRefused) + "sb.after: " + acting_user_ + " has " +
                               std::to_string(kMaxTimersPerUser) + " timers pending");
  }
  if (timers_.size() >= kMaxTimers)
    throw std::runtime_error("sb.after: " + std::to_string(kMaxTimers) + " timers are pending");
  int id = ++next_timer_;
  std::weak_ptr<Bot> weak = weak_from_this();
  // The timer thread only hands the call to the bot's thread.
  auto handle = env_.scheduler.after(delay, [weak, id] {
    if (auto bot = weak.lock()) bot->exec_.post([raw = bot.get(), id] { raw->fire_timer(id); });
  });
  timers_.emplace(id, Timer{active_gen_, ref, std::move(handle), acting_user_});
  if (kv_pending_) new_timers_.push_back(id);
  return id;
}

void Bot::cancel(int timer) {
  auto it = timers_.find(timer);
  if (it == timers_.end()) return;
  if (it->second.gen == active_gen_ && active_L_)
    luaL_unref(active_L_, LUA_REGISTRYINDEX, it->second.ref);
  timers_.erase(it);
}

void Bot::http(HttpRequest request, int ref) {
  env_.http.check(request);
  if (http_in_flight_ >= kMaxHttpInFlight)
    throw std::runtime_error("sb.http.request: " + std::to_string(kMaxHttpInFlight) +
                             " requests are already in flight");
  std::weak_ptr<Bot> weak = weak_from_this();
  int gen = active_gen_;
  bool ok = env_.http.submit(std::move(request), [weak, gen, ref](HttpResult result) {
    if (auto bot = weak.lock())
      bot->exec_.post([raw = bot.get(), gen, ref, result = std::move(result)]() mutable {
        raw->http_done(gen, ref, std::move(result));
      });
  });
  if (!ok) throw std::runtime_error("sb.http.request: too many requests queued");
  ++http_in_flight_;
}

void Bot::log(sb::LogLevel level, std::string_view text) {
  static const char* names[] = {"trace", "debug", "info", "warn", "error"};
  auto i = static_cast<int>(level);
  remember(i >= 0 && i < 5 ? names[i] : "info", std::string(text));
  env_.log.log(level, text, {{"bot", name_}});
}

}  // namespace bots_lua
