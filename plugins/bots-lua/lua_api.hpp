// SPDX-License-Identifier: Apache-2.0
// The `sb` table scripts see (docs/bots.md): on, intercept, reply, send, kv, after, cancel,
// http, log;
// and the handler lists the bot calls when events arrive.
#pragma once

#include <string>

struct lua_State;

namespace bots_lua {

class BotApi;

// Installs `sb` (and a `print` that logs) into a fresh sandbox; `api` must outlive the state.
// Call in protected mode. Sets sb.id to the bot's user id and sb.name to `name`.
void install_api(lua_State* L, BotApi& api, const std::string& name);

// Pushes the handler list (a sequence, maybe empty) registered with sb.on(event).
void push_handlers(lua_State* L, const char* event);

// True when sb.on/sb.intercept registered a handler for `event`. Call in protected mode.
bool has_handlers(lua_State* L, const char* event);

// The display name the script chose (sb.name), or empty. Call in protected mode.
std::string display_name(lua_State* L);

// Pushes the function under `ref` and frees the reference.
void take_ref(lua_State* L, int ref);

}  // namespace bots_lua
