// SPDX-License-Identifier: Apache-2.0
// See bots_plugin.hpp.
#include "bots_plugin.hpp"

#include <chrono>
#include <future>

#include <switchboard/events/system.hpp>

#include "bot_control.hpp"

namespace bots_lua {
namespace {

// How long start() waits for the scripts' first run (each is bounded by its budget).
constexpr auto kLoadWait = std::chrono::seconds(10);

}  // namespace

BotsPlugin::~BotsPlugin() {
  stop();
}

void BotsPlugin::start(const Config& config, sb::Context& ctx) {
  auto messaging = ctx.services().get<sb::Messaging>();
  if (!messaging) throw std::runtime_error("bots-lua needs the messaging service");
  http_ = std::make_unique<HttpFetcher>(config.http_allow,
                                        std::chrono::milliseconds(config.http_timeout_ms));
  auto& services = ctx.services();
  env_ = std::unique_ptr<BotEnv>(new BotEnv{
      ctx.log(),
      ctx.scheduler(),
      ctx.bus(),
      messaging,
      [&services] { return services.get<sb::KvStore>(); },
      *http_,
      Limits{config.instruction_budget, static_cast<std::size_t>(config.memory_kib) * 1024},
      static_cast<int>(config.max_failures),
  });
  auto dir = std::filesystem::absolute(config.dir);
  if (!std::filesystem::is_directory(dir))
    ctx.log().warn("bots folder not found; no bots until it appears", {{"dir", dir.string()}});
  dir_ = std::make_unique<ScriptDir>(dir);
  rescan(true);
  ctx.services().provide<sb::BotControl>(std::make_shared<LuaBotControl>(*this));

  started_ = ctx.bus().observe<sb::ServerStarted>([this](const sb::ServerStarted&) {
    env_->server_started = true;
    std::lock_guard lock(mutex_);
    for (auto& [name, bot] : bots_) bot->connect();
  });
  op_ = messaging->add_op(
      "bots.list", [this](const sb::ClientIdentity&, const sb::json::object&) { return list(); });
  intercept_timeout_ = std::chrono::milliseconds(config.intercept_timeout_ms);
  groups_ = [&services] { return services.get<sb::GroupStore>(); };
  intercept_ = ctx.bus().intercept<sb::MessageSubmitted>(
      [this](sb::MessageSubmitted& e) { return intercept(e); });
  if (config.reload_poll_ms > 0)
    poll_ = ctx.scheduler().every(std::chrono::milliseconds(config.reload_poll_ms),
                                  [this] { rescan(false); });
  ctx.log().info("bots started", {{"dir", dir.string()}, {"bots", bots_.size()}});
}

std::shared_ptr<Bot> BotsPlugin::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = bots_.find(name);
  return it == bots_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<Bot>> BotsPlugin::all() const {
  std::vector<std::shared_ptr<Bot>> out;
  std::lock_guard lock(mutex_);
  for (auto& [name, bot] : bots_) out.push_back(bot);
  return out;
}

void BotsPlugin::rescan(bool wait) {
  std::lock_guard scanning(scan_mutex_);
  auto changes = dir_->scan();
  if (changes.empty()) return;
  std::vector<std::future<void>> loaded;
  std::lock_guard lock(mutex_);
  auto load = [&](Bot& bot) {
    if (!wait) return bot.load();
    auto done = std::make_shared<std::promise<void>>();
    loaded.push_back(done->get_future());
    bot.load([done] { done->set_value(); });
  };
  for (auto& name : changes.added) {
    auto bot = std::make_shared<Bot>(name, dir_->path_of(name), *env_);
    bots_[name] = bot;
    load(*bot);
  }
  for (auto& name : changes.changed)
    if (auto it = bots_.find(name); it != bots_.end()) load(*it->second);
  for (auto& name : changes.removed) {
    auto it = bots_.find(name);
    if (it == bots_.end()) continue;
    it->second->retire();
    retired_.push_back(it->second);
    bots_.erase(it);
  }
  auto until = std::chrono::steady_clock::now() + kLoadWait;
  for (auto& f : loaded) f.wait_until(until);
}

sb::Verdict BotsPlugin::intercept(sb::MessageSubmitted& e) {
  if (e.enc != "none") return sb::Verdict::proceed();
  std::vector<std::shared_ptr<Bot>> asked;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, bot] : bots_)
      if (bot->intercepting() && bot->user_id() != e.from_user) asked.push_back(bot);
  }
  if (asked.empty()) return sb::Verdict::proceed();
  // A bot rules only over its own chats: messages to it, and to groups it is in.
  std::optional<sb::GroupRecord> group;
  if (!e.group.empty())
    if (auto store = groups_()) group = store->group(e.group);
  auto verdict = sb::Verdict::proceed();
  for (auto& bot : asked) {
    bool member = e.to_user == bot->user_id();
    if (group)
      for (auto& m : group->members) member = member || m.user == bot->user_id();
    if (!member) continue;
    auto v = bot->intercept(e, intercept_timeout_);
    if (v.vetoed()) return v;
    if (v.kind == sb::Verdict::Kind::amend) verdict = v;
  }
  return verdict;
}

sb::json::object BotsPlugin::list() const {
  sb::json::array out;
  std::lock_guard lock(mutex_);
  for (auto& [name, bot] : bots_) {
    auto s = bot->status();
    sb::json::object o{
        {"name", s.name},   {"user_id", s.user},      {"display_name", s.display_name},
        {"state", s.state}, {"failures", s.failures}, {"loaded_ms", s.loaded_ms}};
    if (!s.error.empty()) o["error"] = s.error;
    out.push_back(std::move(o));
  }
  return {{"bots", std::move(out)}};
}

sb::Health BotsPlugin::health() const {
  std::string why;
  std::lock_guard lock(mutex_);
  for (auto& [name, bot] : bots_) {
    auto s = bot->status();
    if (s.state != "disabled" && s.state != "refused") continue;
    if (!why.empty()) why += "; ";
    why += "bot " + name + " " + s.state + ": " + s.error;
  }
  return why.empty() ? sb::Health::ok() : sb::Health::degraded(why);
}

void BotsPlugin::stop() {
  poll_.reset();
  intercept_.reset();
  op_.reset();
  started_.reset();
  std::map<std::string, std::shared_ptr<Bot>> bots;
  std::vector<std::shared_ptr<Bot>> retired;
  {
    std::lock_guard lock(mutex_);
    bots.swap(bots_);
    retired.swap(retired_);
  }
  for (auto& [name, bot] : bots) bot->stop();
  for (auto& bot : retired) bot->stop();
  if (http_) http_->stop();
}

}  // namespace bots_lua
