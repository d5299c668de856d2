// SPDX-License-Identifier: Apache-2.0
// JSON <-> Lua values: message bodies, events and kv values cross with these. Objects become
// tables with string keys, arrays sequences (1-based), null nil.
#pragma once

#include <string>

#include <switchboard/json.hpp>

struct lua_State;

namespace bots_lua {

// Pushes `v`. May raise a Lua error (memory): call it in protected mode only.
void push_json(lua_State* L, const sb::json::value& v);

struct Converted {
  sb::json::value value;
  std::string error;  // non-empty: the value cannot be JSON (a function, a cycle, ...)
};

// The value at `index` as JSON: a table whose keys are exactly 1..n is an array, else an
// object (number keys become strings). Raises no Lua error.
Converted to_json(lua_State* L, int index);

}  // namespace bots_lua
