// SPDX-License-Identifier: Apache-2.0
// See lua_json.hpp.
#include "lua_json.hpp"

#include <lua.hpp>

#include <cmath>
#include <cstdio>

namespace bots_lua {
namespace {

constexpr int kMaxDepth = 32;

void push(lua_State* L, const sb::json::value& v, int depth) {
  if (depth > kMaxDepth) luaL_error(L, "JSON nested deeper than %d levels", kMaxDepth);
  luaL_checkstack(L, 4, "JSON too deep");
  switch (v.kind()) {
    case sb::json::kind::null: lua_pushnil(L); break;
    case sb::json::kind::bool_: lua_pushboolean(L, v.get_bool()); break;
    case sb::json::kind::int64: lua_pushinteger(L, v.get_int64()); break;
    case sb::json::kind::uint64:
      lua_pushinteger(L, static_cast<lua_Integer>(v.get_uint64()));
      break;
    case sb::json::kind::double_: lua_pushnumber(L, v.get_double()); break;
    case sb::json::kind::string: {
      auto& s = v.get_string();
      lua_pushlstring(L, s.data(), s.size());
      break;
    }
    case sb::json::kind::array: {
      auto& a = v.get_array();
      lua_createtable(L, static_cast<int>(a.size()), 0);
      lua_Integer i = 0;
      for (auto& item : a) {
        push(L, item, depth + 1);
        lua_rawseti(L, -2, ++i);
      }
      break;
    }
    case sb::json::kind::object: {
      auto& o = v.get_object();
      lua_createtable(L, 0, static_cast<int>(o.size()));
      for (auto& kv : o) {
        lua_pushlstring(L, kv.key().data(), kv.key().size());
        push(L, kv.value(), depth + 1);
        lua_rawset(L, -3);
      }
      break;
    }
  }
}

bool convert(lua_State* L, int index, int depth, sb::json::value& out, std::string& error);

// A table is an array when its keys are exactly the integers 1..n (n > 0).
bool is_sequence(lua_State* L, int index) {
  lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, index));
  if (n == 0) return false;
  lua_Integer count = 0;
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1)) {
      lua_pop(L, 1);
      return false;
    }
    ++count;
  }
  return count == n;
}

bool convert_table(lua_State* L, int index, int depth, sb::json::value& out, std::string& error) {
  if (is_sequence(L, index)) {
    auto& a = out.emplace_array();
    auto n = static_cast<lua_Integer>(lua_rawlen(L, index));
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, index, i);
      sb::json::value item;
      bool ok = convert(L, lua_gettop(L), depth + 1, item, error);
      lua_pop(L, 1);
      if (!ok) return false;
      a.push_back(std::move(item));
    }
    return true;
  }
  auto& o = out.emplace_object();
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    std::string key;
    if (lua_type(L, -2) == LUA_TSTRING) {
      std::size_t len = 0;
      const char* s = lua_tolstring(L, -2, &len);
      key.assign(s, len);
    } else if (lua_isinteger(L, -2)) {
      key = std::to_string(lua_tointeger(L, -2));
    } else {
      lua_pop(L, 2);
      error = "a table key must be a string or an integer";
      return false;
    }
    sb::json::value item;
    if (!convert(L, lua_gettop(L), depth + 1, item, error)) {
      lua_pop(L, 2);
      return false;
    }
    o[key] = std::move(item);
    lua_pop(L, 1);
  }
  return true;
}

bool convert(lua_State* L, int index, int depth, sb::json::value& out, std::string& error) {
  if (depth > kMaxDepth) {
    error = "value nested deeper than " + std::to_string(kMaxDepth) + " levels (a cycle?)";
    return false;
  }
  if (!lua_checkstack(L, 4)) {
    error = "value too deep";
    return false;
  }
  switch (lua_type(L, index)) {
    case LUA_TNIL: out = nullptr; return true;
    case LUA_TBOOLEAN: out = static_cast<bool>(lua_toboolean(L, index)); return true;
    case LUA_TNUMBER:
      if (lua_isinteger(L, index)) {
        out = static_cast<std::int64_t>(lua_tointeger(L, index));
      } else {
        double d = lua_tonumber(L, index);
        if (!std::isfinite(d)) {
          error = "numbers must be finite";
          return false;
        }
        out = d;
      }
      return true;
    case LUA_TSTRING: {
      std::size_t len = 0;
      const char* s = lua_tolstring(L, index, &len);
      out = sb::json::string(std::string_view(s, len));
      return true;
    }
    case LUA_TTABLE: return convert_table(L, index, depth, out, error);
    default:
      error = std::string("a ") + lua_typename(L, lua_type(L, index)) + " cannot be JSON";
      return false;
  }
}

}  // namespace

void push_json(lua_State* L, const sb::json::value& v) {
  push(L, v, 0);
}

Converted to_json(lua_State* L, int index) {
  Converted c;
  convert(L, lua_absindex(L, index), 0, c.value, c.error);
  return c;
}

}  // namespace bots_lua
