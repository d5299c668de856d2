// SPDX-License-Identifier: Apache-2.0
// See bot.hpp. This file: frames from the core (replies and events) and the Lua callbacks
// they, the timers and HTTP responses run; failures, counted, disable the bot.
#include <lua.hpp>

#include <switchboard/events/bot.hpp>

#include "bot.hpp"
#include "lua_api.hpp"
#include "lua_json.hpp"

namespace bots_lua {
namespace {

std::string text_of(const sb::json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

void Bot::handle_frame(const std::string& text) {
  boost::system::error_code ec;
  auto v = sb::json::parse(text, ec);
  if (ec || !v.is_object()) return;
  auto& frame = v.as_object();
  if (frame.contains("ok")) return on_reply(frame);
  auto ev = text_of(frame, "ev");
  if (ev == "message")
    on_message(frame);
  else if (ev == "group")
    on_group(frame);
  // Whatever it was, it is processed: ack it so the inbox drains.
  if (auto* cursor = frame.if_contains("cursor"); cursor && cursor->is_int64() && session_)
    session_->on_frame(sb::json::serialize(sb::json::object{
        {"id", "a" + std::to_string(++next_request_)}, {"op", "ack"}, {"cursor", *cursor}}));
}

void Bot::on_reply(const sb::json::object& reply) {
  auto id = text_of(reply, "id");
  auto it = pending_sends_.find(id);
  if (it == pending_sends_.end()) {
    if (reply.at("ok") != true && !id.starts_with("a"))
      env_.log.warn("bot request failed", {{"bot", name_}, {"reply", reply}});
    return;
  }
  auto body = std::move(it->second);
  pending_sends_.erase(it);
  if (reply.at("ok") != true) {
    env_.log.warn("bot message refused",
                  {{"bot", name_},
                   {"error", reply.if_contains("error") ? *reply.if_contains("error") : nullptr}});
    return;
  }
  auto* ts = reply.if_contains("ts");
  env_.bus.publish(sb::BotMessage{user_, text_of(reply, "chat"), std::move(body),
                                  ts && ts->is_int64() ? ts->as_int64() : 0});
}

void Bot::on_message(const sb::json::object& ev) {
  if (text_of(ev, "enc") != "none" || ev.contains("kind")) return;
  auto* from = ev.if_contains("from");
  if (!from || !from->is_object()) return;
  auto sender = text_of(from->as_object(), "user");
  if (sender == user_) return;
  auto chat = text_of(ev, "chat");
  // Two bots in one group would answer each other forever: in groups, bots hear people only.
  if (chat.starts_with("g:") && sender.starts_with("bot:")) return;
  sb::json::object msg{{"id", text_of(ev, "msg_id")},
                       {"chat", chat},
                       {"from", sender},
                       {"device", text_of(from->as_object(), "device")}};
  if (auto* seq = ev.if_contains("seq")) msg["seq"] = *seq;
  if (auto* ts = ev.if_contains("ts")) msg["ts"] = *ts;
  if (chat.starts_with("g:")) msg["group"] = chat.substr(2);
  acting_user_ = sender;
  if (auto* body = ev.if_contains("body")) {
    msg["body"] = *body;
    if (body->is_string())
      msg["text"] = *body;
    else if (body->is_object())
      if (auto* t = body->as_object().if_contains("text"); t && t->is_string()) msg["text"] = *t;
  }
  dispatch("message", msg);
}

void Bot::on_group(const sb::json::object& ev) {
  auto type = text_of(ev, "type");
  if (type != "created" && type != "member_added" && type != "member_joined") return;
  sb::json::array users;
  if (auto* u = ev.if_contains("users"); u && u->is_array()) users = u->as_array();
  if (auto* u = ev.if_contains("user"); u && u->is_string()) users.push_back(*u);
  // The group's creator is a member too.
  if (type == "created") users.push_back(sb::json::string(text_of(ev, "by")));
  dispatch("member_joined", sb::json::object{{"type", type},
                                             {"group", text_of(ev, "group")},
                                             {"chat", text_of(ev, "chat")},
                                             {"by", text_of(ev, "by")},
                                             {"users", std::move(users)}});
}

void Bot::fire_timer(int id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  int ref = it->second.ref, gen = it->second.gen;
  auto owner = std::move(it->second.owner);
  timers_.erase(it);
  if (gen != gen_) return;
  acting_user_ = std::move(owner);
  call_ref("timer", ref, nullptr);
}

void Bot::http_done(int gen, int ref, HttpResult result) {
  --http_in_flight_;
  if (gen != gen_ || ref == LUA_NOREF) return;
  sb::json::object headers;
  for (auto& [k, v] : result.headers) headers[k] = v;
  sb::json::object response{{"status", result.status}, {"body", result.body}, {"headers", headers}};
  if (!result.error.empty()) response["error"] = result.error;
  sb::json::value arg(std::move(response));
  call_ref("http", ref, &arg);
}

void Bot::call_ref(const char* what, int ref, const sb::json::value* arg) {
  struct Call {
    int ref;
    const sb::json::value* arg;
  } call{ref, arg};
  auto body = [&call](lua_State* L) {
    take_ref(L, call.ref);
    if (call.arg) push_json(L, *call.arg);
    lua_call(L, call.arg ? 1 : 0, 0);
  };
  run_callback(what, body);
}

void Bot::dispatch(const char* event, const sb::json::value& arg) {
  struct Call {
    const char* event;
    const sb::json::value* arg;
    bool ran;
  } call{event, &arg, false};
  auto body = [&call](lua_State* L) {
    push_handlers(L, call.event);
    int list = lua_gettop(L);
    auto n = static_cast<lua_Integer>(lua_rawlen(L, list));
    call.ran = n > 0;
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, list, i);
      push_json(L, *call.arg);
      lua_call(L, 1, 0);
    }
  };
  run_callback(event, body, &call.ran);
}

void Bot::callback_failed(const char* what, const std::string& error) {
  if (error.find(kRefused) != std::string::npos) {
    env_.log.warn("bot refused a request",
                  {{"bot", name_}, {"callback", what}, {"user", acting_user_}, {"error", error}});
    return;
  }
  ++failures_;
  remember("error", std::string(what) + " failed: " + error);
  env_.log.error("bot callback failed",
                 {{"bot", name_}, {"callback", what}, {"error", error}, {"failures", failures_}});
  if (failures_ < env_.max_failures) {
    set_status("running", error);
    return;
  }
  disabled_ = true;
  intercepting_ = false;
  timers_.clear();
  auto why = std::to_string(failures_) + " consecutive failures; last: " + error;
  env_.log.error("bot disabled until its script changes", {{"bot", name_}, {"reason", why}});
  set_status("disabled", why);
}

}  // namespace bots_lua
