// SPDX-License-Identifier: Apache-2.0
// See bot.hpp. This file: sb.intercept("message.submitted", fn) — the submitting thread
// hands the message to the bot's thread and waits, bounded, for the scripts' verdict.
#include <lua.hpp>

#include <future>

#include "bot.hpp"
#include "lua_api.hpp"
#include "lua_json.hpp"

namespace bots_lua {

sb::Verdict Bot::intercept(sb::MessageSubmitted& e, std::chrono::milliseconds timeout) {
  sb::json::object m{{"chat", e.chat},
                     {"from", e.from_user},
                     {"device", e.from_device},
                     {"enc", e.enc},
                     {"body", e.body}};
  if (!e.to_user.empty()) m["to"] = e.to_user;
  if (!e.group.empty()) m["group"] = e.group;
  if (e.body.is_object())
    if (auto* t = e.body.as_object().if_contains("text"); t && t->is_string()) m["text"] = *t;
  auto decided = std::make_shared<std::promise<Decision>>();
  auto future = decided->get_future();
  bool posted = exec_.post(
      [this, decided, m = sb::json::value(std::move(m))] { decided->set_value(run_intercept(m)); });
  if (!posted) return sb::Verdict::proceed();
  if (future.wait_for(timeout) != std::future_status::ready) {
    env_.log.warn("bot interceptor too slow; the message proceeds",
                  {{"bot", name_}, {"timeout_ms", timeout.count()}});
    return sb::Verdict::proceed();
  }
  Decision d;
  try {
    d = future.get();
  } catch (const std::future_error&) {
    return sb::Verdict::proceed();  // the bot stopped
  }
  if (d.veto)
    return sb::Verdict::veto("forbidden", d.reason.empty() ? "refused by " + user_ : d.reason);
  if (d.body) {
    e.body = std::move(*d.body);
    return sb::Verdict::amended();
  }
  return sb::Verdict::proceed();
}

// The handlers run in order until one vetoes (false, reason) or amends ({body = ...}).
Bot::Decision Bot::run_intercept(const sb::json::value& message) {
  Decision d;
  struct Call {
    const sb::json::value* message;
    Decision* decision;
    bool ran;
  } call{&message, &d, false};
  auto body = [&call](lua_State* L) {
    push_handlers(L, "message.submitted");
    int list = lua_gettop(L);
    auto n = static_cast<lua_Integer>(lua_rawlen(L, list));
    call.ran = n > 0;
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, list, i);
      push_json(L, *call.message);
      lua_call(L, 1, 2);
      if (lua_isboolean(L, -2) && !lua_toboolean(L, -2)) {
        call.decision->veto = true;
        if (lua_type(L, -1) == LUA_TSTRING) call.decision->reason = lua_tostring(L, -1);
        return;
      }
      if (lua_type(L, -2) == LUA_TTABLE) {
        lua_pushliteral(L, "body");
        int kind = lua_rawget(L, -3);
        if (kind == LUA_TSTRING) {
          call.decision->body = sb::json::object{{"text", lua_tostring(L, -1)}};
          return;
        }
        if (kind == LUA_TTABLE) {
          auto c = to_json(L, -1);
          if (c.error.empty()) {
            call.decision->body = std::move(c.value);
            return;
          }
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 2);
    }
  };
  run_callback("intercept", body, &call.ran);
  return d;
}

}  // namespace bots_lua
