// SPDX-License-Identifier: Apache-2.0
// See sandbox.hpp. What a script gets: base (without dofile, loadfile, collectgarbage and
// binary load), string (without dump), table, math, utf8, coroutine, and os.time/clock/date.
#include "sandbox.hpp"

#include <lua.hpp>

#include <cstdlib>
#include <stdexcept>

namespace bots_lua {
namespace {

// The hook fires every kHookStep instructions; once a call is over budget (or hit the memory
// cap) every firing raises again, so a pcall in the script cannot swallow the stop.
constexpr int kHookStep = 1000;

Sandbox::Meter* meter_of(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return static_cast<Sandbox::Meter*>(ud);
}

void* counting_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* m = static_cast<Sandbox::Meter*>(ud);
  if (!ptr) osize = 0;
  if (nsize == 0) {
    std::free(ptr);
    m->used -= osize;
    return nullptr;
  }
  if (nsize > osize && m->used + (nsize - osize) > m->limit) {
    m->memory_hit = true;
    m->killed = true;
    return nullptr;
  }
  void* p = std::realloc(ptr, nsize);
  if (!p) return nullptr;
  m->used = m->used - osize + nsize;
  return p;
}

// A stopped call's thread fires on every instruction, so no level of pcall in between runs
// on; a coroutine left in that mode is charged what it runs and set back on its next firing.
void budget_hook(lua_State* L, lua_Debug*) {
  auto* m = meter_of(L);
  int count = lua_gethookcount(L);
  m->steps += count;
  if (m->steps > m->budget) m->killed = true;
  if (m->killed) {
    if (count != 1) lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, m->memory_hit ? "memory cap exceeded" : "instruction budget exceeded");
  } else if (count != kHookStep) {
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, kHookStep);
  }
}

// load() with the mode forced to "t": text chunks only, never precompiled bytecode.
int text_only_load(lua_State* L) {
  int n = lua_gettop(L);
  if (n < 3) lua_settop(L, 3);
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

struct Call {
  void (*body)(lua_State*, void*);
  void* arg;
};

int trampoline(lua_State* L) {
  auto* call = static_cast<Call*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  call->body(L, call->arg);
  return 0;
}

void keep_only(lua_State* L, const char* table, std::initializer_list<const char*> names) {
  lua_getglobal(L, table);
  lua_newtable(L);
  for (auto* name : names) {
    lua_getfield(L, -2, name);
    lua_setfield(L, -2, name);
  }
  lua_setglobal(L, table);
  lua_pop(L, 1);
}

int open_all(lua_State* L) {
  const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},        {LUA_TABLIBNAME, luaopen_table},
                           {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
                           {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
                           {LUA_OSLIBNAME, luaopen_os}};
  for (auto& lib : libs) {
    luaL_requiref(L, lib.name, lib.func, 1);
    lua_pop(L, 1);
  }
  keep_only(L, LUA_OSLIBNAME, {"time", "clock", "date"});
  for (auto* name : {"dofile", "loadfile", "collectgarbage", "warn", "require"}) {
    lua_pushnil(L);
    lua_setglobal(L, name);
  }
  lua_getglobal(L, "load");
  lua_pushcclosure(L, text_only_load, 1);
  lua_setglobal(L, "load");
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  // The loaded-modules table stays in the registry only; the registry is out of reach
  // without the debug library.
  return 0;
}

std::string error_text(lua_State* L, int rc) {
  if (lua_type(L, -1) == LUA_TSTRING) return lua_tostring(L, -1);
  if (rc == LUA_ERRMEM) return "not enough memory";
  return std::string("error object is a ") + luaL_typename(L, -1) + " value";
}

}  // namespace

Sandbox::Sandbox(Limits limits) : limits_(limits) {
  meter_.limit = limits.memory_bytes;
  meter_.budget = limits.instructions;
  L_ = lua_newstate(counting_alloc, &meter_);
  if (!L_) throw std::runtime_error("cannot create a Lua state within the memory cap");
  lua_sethook(L_, budget_hook, LUA_MASKCOUNT, kHookStep);
  open_libraries();
}

Sandbox::~Sandbox() {
  if (!L_) return;
  // Finalizers (__gc) that lua_close runs stop at their first hook.
  meter_.killed = true;
  lua_close(L_);
}

void Sandbox::open_libraries() {
  lua_pushcfunction(L_, open_all);
  if (lua_pcall(L_, 0, 0, 0) != LUA_OK) {
    std::string why = error_text(L_, LUA_ERRRUN);
    lua_close(L_);
    L_ = nullptr;
    throw std::runtime_error("cannot open the Lua libraries: " + why);
  }
}

std::optional<std::string> Sandbox::run_chunk(std::string_view code,
                                              const std::string& chunk_name) {
  struct Args {
    std::string_view code;
    const char* name;
  } args{code, chunk_name.c_str()};
  auto body = [](lua_State* L, void* p) {
    auto* a = static_cast<Args*>(p);
    if (luaL_loadbufferx(L, a->code.data(), a->code.size(), a->name, "t") != LUA_OK) lua_error(L);
    lua_call(L, 0, 0);
  };
  return protect(body, &args);
}

std::optional<std::string> Sandbox::protect(void (*body)(lua_State*, void*), void* arg) {
  int top = lua_gettop(L_);
  meter_.steps = 0;
  meter_.killed = false;
  meter_.memory_hit = false;
  lua_sethook(L_, budget_hook, LUA_MASKCOUNT, kHookStep);
  Call call{body, arg};
  lua_pushcfunction(L_, trampoline);
  lua_pushlightuserdata(L_, &call);
  int rc = lua_pcall(L_, 1, 0, 0);
  std::optional<std::string> error;
  if (rc != LUA_OK) {
    if (meter_.memory_hit)
      error = "memory cap of " + std::to_string(limits_.memory_bytes / 1024) + " KiB exceeded";
    else if (meter_.killed)
      error = "instruction budget of " + std::to_string(limits_.instructions) + " exceeded";
    else
      error = error_text(L_, rc);
  }
  lua_settop(L_, top);
  bool failed = rc != LUA_OK;
  meter_.killed = false;
  meter_.memory_hit = false;
  if (failed) lua_gc(L_, LUA_GCCOLLECT);
  return error;
}

}  // namespace bots_lua
