// SPDX-License-Identifier: Apache-2.0
// The bots-lua plugin object: finds the scripts, runs one Bot per script, opens their
// sessions when the server has started, answers bots.list, reloads changed scripts and
// reports disabled or refused bots in its health; hands message.submitted to the bots
// that intercept it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/plugin.hpp>
#include <switchboard/services/group_store.hpp>

#include "bot.hpp"
#include "config.hpp"
#include "http_fetch.hpp"
#include "script_dir.hpp"

namespace bots_lua {

class BotsPlugin final : public sb::PluginBase<Config> {
 public:
  ~BotsPlugin() override;
  void stop() override;
  sb::Health health() const override;

  // For bot-control (bot_control.cpp): the bot of that name, or null.
  std::shared_ptr<Bot> find(const std::string& name) const;
  std::vector<std::shared_ptr<Bot>> all() const;
  // Applies the folder's changes now and waits for the loads.
  void rescan_now() { rescan(true); }
  const ScriptDir& scripts() const { return *dir_; }

 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  // Applies what changed in the folder; on the timer thread (and once in start()).
  void rescan(bool wait);
  sb::json::object list() const;
  // message.submitted: the verdict of the bots that intercept and are in the chat.
  sb::Verdict intercept(sb::MessageSubmitted& e);

  std::unique_ptr<HttpFetcher> http_;
  std::unique_ptr<BotEnv> env_;
  std::unique_ptr<ScriptDir> dir_;
  std::mutex scan_mutex_;  // one scan at a time: the poll timer and bot-control
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Bot>> bots_;
  std::vector<std::shared_ptr<Bot>> retired_;
  std::chrono::milliseconds intercept_timeout_{200};
  std::function<std::shared_ptr<sb::GroupStore>()> groups_;
  sb::Subscription started_, op_, poll_, intercept_;
};

}  // namespace bots_lua
