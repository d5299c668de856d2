// SPDX-License-Identifier: Apache-2.0
// See bot_control.hpp.
#include "bot_control.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>

#include <lua.hpp>

#include "bots_plugin.hpp"

namespace bots_lua {
namespace {

constexpr auto kWait = std::chrono::seconds(10);

sb::BotInfo info_of(Bot& bot) {
  auto s = bot.status();
  bool healthy = s.state == "running" || s.state == "loading" ||
                 (s.state == "disabled" && !bot.enabled() && s.error == "disabled by an admin");
  return {bot.name(), bot.enabled(), healthy, healthy ? std::string() : s.error};
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Replaces the file atomically, so the reload poll never reads half a script.
void write_file(const std::filesystem::path& p, const std::string& text) {
  auto tmp = p;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::filesystem::rename(tmp, p);
}

void wait_for(const std::function<void(std::function<void()>)>& start) {
  auto done = std::make_shared<std::promise<void>>();
  auto f = done->get_future();
  start([done] { done->set_value(); });
  f.wait_for(kWait);
}

}  // namespace

std::optional<sb::BotChange> LuaBotControl::syntax_error(const std::string& name,
                                                         const std::string& source) {
  lua_State* L = luaL_newstate();
  if (!L) return sb::BotChange{sb::BotChange::Outcome::failed, "out of memory", 0};
  auto chunk = "@" + name + ".lua";
  int rc = luaL_loadbufferx(L, source.data(), source.size(), chunk.c_str(), "t");
  std::optional<sb::BotChange> out;
  if (rc != LUA_OK) {
    std::string msg = lua_tostring(L, -1) ? lua_tostring(L, -1) : "syntax error";
    int line = 0;
    std::smatch m;
    if (std::regex_search(msg, m, std::regex(":(\\d+):"))) line = std::stoi(m[1].str());
    out = sb::BotChange{sb::BotChange::Outcome::invalid, msg, line};
  }
  lua_close(L);
  return out;
}

std::vector<sb::BotInfo> LuaBotControl::bots() {
  std::vector<sb::BotInfo> out;
  for (auto& b : plugin_.all()) out.push_back(info_of(*b));
  return out;
}

std::optional<sb::BotDetail> LuaBotControl::bot(const std::string& name) {
  auto b = plugin_.find(name);
  if (!b) return std::nullopt;
  sb::BotDetail d{info_of(*b), read_file(plugin_.scripts().path_of(name)).value_or(""), {}};
  for (auto& l : b->recent_log()) d.log.push_back({l.ts_ms, l.level, l.message});
  return d;
}

sb::BotChange LuaBotControl::put_source(const std::string& name, const std::string& source) {
  static const std::regex valid_name("[A-Za-z0-9_-]{1,64}");
  if (!std::regex_match(name, valid_name))
    return {sb::BotChange::Outcome::invalid,
            "a bot's name is 1-64 letters, digits, '_' or '-', not \"" + name + "\"", 0};
  if (auto err = syntax_error(name, source)) return *err;
  std::lock_guard lock(edit_mutex_);
  auto path = plugin_.scripts().path_of(name);
  auto old = read_file(path);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  try {
    write_file(path, source);
  } catch (const std::exception& e) {
    return {sb::BotChange::Outcome::failed, e.what(), 0};
  }
  plugin_.rescan_now();
  // Compiled but failed when it ran (an error at the top level, a budget): put the old one
  // back, which keeps running meanwhile.
  auto b = plugin_.find(name);
  auto s = b ? b->status() : BotStatus{};
  bool refused = !b || s.state == "refused" || s.error.starts_with("reload refused: ");
  if (!refused) return {};
  auto why = s.error.starts_with("reload refused: ") ? s.error.substr(16) : s.error;
  if (old) {
    write_file(path, *old);
  } else {
    std::filesystem::remove(path, ec);
  }
  plugin_.rescan_now();
  int line = 0;
  std::smatch m;
  if (std::regex_search(why, m, std::regex(":(\\d+):"))) line = std::stoi(m[1].str());
  return {sb::BotChange::Outcome::invalid, why, line};
}

sb::BotChange LuaBotControl::reload(const std::string& name) {
  auto b = plugin_.find(name);
  if (!b) return {sb::BotChange::Outcome::not_found, "no bot \"" + name + "\"", 0};
  wait_for([&](std::function<void()> done) { b->load(std::move(done)); });
  auto s = b->status();
  if (s.state == "refused" || s.error.starts_with("reload refused: "))
    return {sb::BotChange::Outcome::failed, s.error, 0};
  return {};
}

sb::BotChange LuaBotControl::set_enabled(const std::string& name, bool enabled) {
  auto b = plugin_.find(name);
  if (!b) return {sb::BotChange::Outcome::not_found, "no bot \"" + name + "\"", 0};
  wait_for([&](std::function<void()> done) { b->set_enabled(enabled, std::move(done)); });
  return {};
}

}  // namespace bots_lua
