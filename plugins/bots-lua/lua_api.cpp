// SPDX-License-Identifier: Apache-2.0
// See lua_api.hpp. Each function checks its Lua arguments first, then calls the bot; a C++
// exception becomes a Lua error only after the C++ objects of the call are gone.
#include "lua_api.hpp"

#include <lua.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

#include "bot_api.hpp"
#include "lua_json.hpp"

namespace bots_lua {
namespace {

constexpr const char* kHandlers = "sb.handlers";
constexpr const char* kTable = "sb.table";
constexpr std::size_t kMaxKvValue = 64 * 1024;
constexpr std::size_t kMaxKvKey = 256;
constexpr double kMaxDelaySeconds = 7 * 24 * 3600;

BotApi& api(lua_State* L) {
  return **static_cast<BotApi**>(lua_getextraspace(L));
}

// Thrown inside guarded() when the Lua error object is on the stack already.
struct ErrorOnStack {};

// Runs `f` (which returns the number of results it pushed); a thrown exception becomes a Lua
// error once `f`'s frame is gone. Inside `f` no Lua call may raise (a Lua error longjmps over
// C++ destructors): Lua values that need allocating are pushed before, or in a protected call.
template <class F>
int guarded(lua_State* L, F&& f) {
  int results = 0;
  bool failed = false;
  try {
    results = f();
  } catch (const ErrorOnStack&) {
    failed = true;
  } catch (const std::exception& e) {
    lua_pushstring(L, e.what());
    failed = true;
  }
  if (failed) return lua_error(L);
  return results;
}

int push_json_unprotected(lua_State* L) {
  auto* v = static_cast<const sb::json::value*>(lua_touserdata(L, 1));
  lua_pop(L, 1);
  push_json(L, *v);
  return 1;
}

// push_json in a protected call: a memory error surfaces as ErrorOnStack.
void push_json_safely(lua_State* L, const sb::json::value& v) {
  lua_pushcfunction(L, push_json_unprotected);
  lua_pushlightuserdata(L, const_cast<sb::json::value*>(&v));
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) throw ErrorOnStack{};
}

// Pushes table[key] (a raw read: no metamethod runs); call before guarded().
int push_field(lua_State* L, int table, const char* key) {
  lua_pushstring(L, key);
  lua_rawget(L, table);
  return lua_gettop(L);
}

// The string at `index` (no conversion, so no allocation), or "".
std::string string_at(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TSTRING) return {};
  std::size_t len = 0;
  const char* s = lua_tolstring(L, index, &len);
  return std::string(s, len);
}

std::string arg_string(lua_State* L, int index) {
  std::size_t len = 0;
  const char* s = luaL_checklstring(L, index, &len);
  return std::string(s, len);
}

// A message body: a string becomes {"text": ...}, a table goes as JSON.
sb::json::value body_arg(lua_State* L, int index) {
  if (lua_type(L, index) == LUA_TSTRING) {
    std::size_t len = 0;
    const char* s = lua_tolstring(L, index, &len);
    return sb::json::object{{"text", std::string_view(s, len)}};
  }
  if (lua_type(L, index) != LUA_TTABLE)
    throw std::runtime_error("the body must be a string or a table");
  auto c = to_json(L, index);
  if (!c.error.empty()) throw std::runtime_error("the body is not JSON: " + c.error);
  return std::move(c.value);
}

int l_on(lua_State* L) {
  const char* event = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  std::string_view e(event);
  if (e != "message" && e != "member_joined" && e != "message.submitted")
    return luaL_error(L, "sb.on: unknown event \"%s\" (message, member_joined)", event);
  lua_getfield(L, LUA_REGISTRYINDEX, kHandlers);
  if (lua_getfield(L, -1, event) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, event);
  }
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, static_cast<lua_Integer>(lua_rawlen(L, -2)) + 1);
  return 0;
}

int l_intercept(lua_State* L) {
  const char* event = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  if (std::string_view(event) != "message.submitted")
    return luaL_error(L, "sb.intercept: unknown event \"%s\" (message.submitted)", event);
  lua_settop(L, 2);
  return l_on(L);
}

int l_send(lua_State* L) {
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  int group_at = 0, user_at = 0;
  if (lua_type(L, 1) == LUA_TTABLE) {
    group_at = push_field(L, 1, "group");
    user_at = push_field(L, 1, "user");
  }
  return guarded(L, [&] {
    sb::json::object to;
    if (lua_type(L, 1) == LUA_TSTRING) {
      to["user"] = string_at(L, 1);
    } else if (group_at) {
      auto group = string_at(L, group_at);
      auto user = string_at(L, user_at);
      if (!group.empty())
        to["group"] = group;
      else if (!user.empty())
        to["user"] = user;
    }
    if (to.empty())
      throw std::runtime_error("sb.send: `to` must be a user id or {group = id} / {user = id}");
    api(L).send(std::move(to), body_arg(L, 2));
    return 0;
  });
}

int l_reply(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  int group_at = push_field(L, 1, "group");
  int from_at = push_field(L, 1, "from");
  return guarded(L, [&] {
    sb::json::object to;
    auto group = string_at(L, group_at);
    auto from = string_at(L, from_at);
    if (!group.empty())
      to["group"] = group;
    else if (!from.empty())
      to["user"] = from;
    else
      throw std::runtime_error("sb.reply: the first argument must be a message (msg.from)");
    api(L).send(std::move(to), body_arg(L, 2));
    return 0;
  });
}

void check_key(const std::string& key) {
  if (key.empty() || key.size() > kMaxKvKey)
    throw std::runtime_error("sb.kv: a key is 1 to " + std::to_string(kMaxKvKey) + " bytes");
}

int l_kv_get(lua_State* L) {
  luaL_checkstring(L, 1);
  return guarded(L, [&] {
    auto key = arg_string(L, 1);
    check_key(key);
    auto value = api(L).kv_get(key);
    if (!value) {
      lua_pushnil(L);
      return 1;
    }
    boost::system::error_code ec;
    auto v = sb::json::parse(*value, ec);
    push_json_safely(L, ec ? sb::json::value(sb::json::string(*value)) : v);
    return 1;
  });
}

int l_kv_set(lua_State* L) {
  luaL_checkstring(L, 1);
  luaL_checkany(L, 2);
  return guarded(L, [&] {
    auto key = arg_string(L, 1);
    check_key(key);
    if (lua_isnil(L, 2)) {
      api(L).kv_del(key);
      return 0;
    }
    auto c = to_json(L, 2);
    if (!c.error.empty()) throw std::runtime_error("sb.kv.set: " + c.error);
    auto text = sb::json::serialize(c.value);
    if (text.size() > kMaxKvValue)
      throw std::runtime_error("sb.kv.set: the value is " + std::to_string(text.size()) +
                               " bytes as JSON, more than " + std::to_string(kMaxKvValue));
    api(L).kv_set(key, text);
    return 0;
  });
}

int l_kv_del(lua_State* L) {
  luaL_checkstring(L, 1);
  return guarded(L, [&] {
    auto key = arg_string(L, 1);
    check_key(key);
    api(L).kv_del(key);
    return 0;
  });
}

int l_after(lua_State* L) {
  double seconds = luaL_checknumber(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  if (!(seconds >= 0 && seconds <= kMaxDelaySeconds))
    return luaL_error(L, "refused: sb.after: seconds must be 0 to %d",
                      static_cast<int>(kMaxDelaySeconds));
  lua_pushvalue(L, 2);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return guarded(L, [&] {
    try {
      auto ms = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
      lua_pushinteger(L, api(L).after(ms, ref));
    } catch (...) {
      luaL_unref(L, LUA_REGISTRYINDEX, ref);
      throw;
    }
    return 1;
  });
}

int l_cancel(lua_State* L) {
  auto id = luaL_checkinteger(L, 1);
  api(L).cancel(static_cast<int>(id));
  return 0;
}

int l_http_request(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  int timeout_at = push_field(L, 1, "timeout");
  double timeout = lua_isnil(L, timeout_at) ? 0 : luaL_checknumber(L, timeout_at);
  int url_at = push_field(L, 1, "url");
  int method_at = push_field(L, 1, "method");
  int body_at = push_field(L, 1, "body");
  int headers_at = push_field(L, 1, "headers");
  int ref = LUA_NOREF;
  if (!lua_isnil(L, 2)) {
    lua_pushvalue(L, 2);
    ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  return guarded(L, [&] {
    try {
      HttpRequest r;
      r.url = string_at(L, url_at);
      if (r.url.empty()) throw std::runtime_error("sb.http.request: `url` is required");
      if (auto m = string_at(L, method_at); !m.empty()) r.method = m;
      r.body = string_at(L, body_at);
      if (lua_type(L, headers_at) == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, headers_at) != 0) {
          if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING)
            r.headers[string_at(L, -2)] = string_at(L, -1);
          lua_pop(L, 1);
        }
      }
      if (timeout > 0)
        r.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
      api(L).http(std::move(r), ref);
    } catch (...) {
      luaL_unref(L, LUA_REGISTRYINDEX, ref);
      throw;
    }
    return 0;
  });
}

// The arguments as one string, separated by spaces (tostring of each), built in Lua's own
// buffer so that a failing __tostring crosses no C++ frame.
int log_at(lua_State* L, sb::LogLevel level) {
  int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) luaL_addchar(&b, ' ');
    luaL_tolstring(L, i, nullptr);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  int text_at = lua_gettop(L);
  return guarded(L, [&] {
    api(L).log(level, string_at(L, text_at));
    return 0;
  });
}

int l_log(lua_State* L) {
  return log_at(L, sb::LogLevel::info);
}
int l_warn(lua_State* L) {
  return log_at(L, sb::LogLevel::warn);
}

}  // namespace

void install_api(lua_State* L, BotApi& bot, const std::string& name) {
  *static_cast<BotApi**>(lua_getextraspace(L)) = &bot;
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, kHandlers);

  const luaL_Reg functions[] = {
      {"on", l_on},       {"intercept", l_intercept}, {"send", l_send},
      {"reply", l_reply}, {"after", l_after},         {"cancel", l_cancel},
      {"log", l_log},     {"warn", l_warn},           {nullptr, nullptr}};
  const luaL_Reg kv[] = {
      {"get", l_kv_get}, {"set", l_kv_set}, {"del", l_kv_del}, {nullptr, nullptr}};
  const luaL_Reg http[] = {{"request", l_http_request}, {nullptr, nullptr}};
  luaL_newlib(L, functions);
  luaL_newlib(L, kv);
  lua_setfield(L, -2, "kv");
  luaL_newlib(L, http);
  lua_setfield(L, -2, "http");
  lua_pushstring(L, bot.user_id().c_str());
  lua_setfield(L, -2, "id");
  lua_pushstring(L, name.c_str());
  lua_setfield(L, -2, "name");
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kTable);
  lua_setglobal(L, "sb");
  lua_pushcfunction(L, l_log);
  lua_setglobal(L, "print");
}

void push_handlers(lua_State* L, const char* event) {
  lua_getfield(L, LUA_REGISTRYINDEX, kHandlers);
  if (lua_getfield(L, -1, event) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
  }
  lua_remove(L, -2);
}

bool has_handlers(lua_State* L, const char* event) {
  push_handlers(L, event);
  bool any = lua_rawlen(L, -1) > 0;
  lua_pop(L, 1);
  return any;
}

std::string display_name(lua_State* L) {
  std::string out;
  lua_getfield(L, LUA_REGISTRYINDEX, kTable);
  if (lua_type(L, -1) == LUA_TTABLE) {
    lua_getfield(L, -1, "name");
    if (lua_type(L, -1) == LUA_TSTRING) out = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return out;
}

void take_ref(lua_State* L, int ref) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  luaL_unref(L, LUA_REGISTRYINDEX, ref);
}

}  // namespace bots_lua
