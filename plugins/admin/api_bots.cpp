// SPDX-License-Identifier: Apache-2.0
// Bots, through the BotControl service a bots plugin (bots-lua) provides.
#include <switchboard/services/bot_control.hpp>

#include "api.hpp"

namespace sb::admin {
namespace {

BotControl& bots_of(ServiceRegistry& services) {
  auto b = services.get<BotControl>();
  if (!b)
    throw ApiError{
        503, "unavailable", "no plugin provides bot-control (load bots-lua to manage bots)", {}};
  return *b;
}

HttpResponse change_response(const BotChange& r, const std::string& name) {
  switch (r.outcome) {
    case BotChange::Outcome::ok: return json_response(200, json::object{{"ok", true}});
    case BotChange::Outcome::not_found:
      throw ApiError{404, "not_found", "no bot \"" + name + "\"", {}};
    case BotChange::Outcome::invalid: {
      json::object err{{"code", "bad_request"}, {"message", r.message}, {"field", "source"}};
      if (r.line > 0) err["line"] = r.line;
      return json_response(400, json::object{{"error", std::move(err)}});
    }
    case BotChange::Outcome::failed: throw ApiError{409, "conflict", r.message, {}};
  }
  return json_response(200, json::object{{"ok", true}});
}

}  // namespace

HttpResponse Api::bots() {
  json::array out;
  for (auto& b : bots_of(services_).bots())
    out.push_back(json::object{
        {"name", b.name}, {"enabled", b.enabled}, {"healthy", b.healthy}, {"reason", b.reason}});
  return json_response(200, json::object{{"bots", std::move(out)}});
}

HttpResponse Api::bot(const HttpRequest& req) {
  auto& name = req.params.at("name");
  auto b = bots_of(services_).bot(name);
  if (!b) throw ApiError{404, "not_found", "no bot \"" + name + "\"", {}};
  json::array log;
  for (auto& l : b->log)
    log.push_back(json::object{{"ts", l.ts_ms}, {"level", l.level}, {"message", l.message}});
  return json_response(200, json::object{{"name", b->info.name},
                                         {"source", b->source},
                                         {"enabled", b->info.enabled},
                                         {"healthy", b->info.healthy},
                                         {"reason", b->info.reason},
                                         {"log", std::move(log)}});
}

HttpResponse Api::bot_source(const HttpRequest& req, const Caller& c) {
  auto& name = req.params.at("name");
  auto body = parse_body(req);
  auto source = need_string(body, "source", 256 * 1024);
  auto r = bots_of(services_).put_source(name, source);
  auto out = change_response(r, name);
  record(c, r.outcome == BotChange::Outcome::ok ? "bot.source" : "bot.source.refused", name,
         {{"bytes", source.size()}, {"error", r.message}});
  return out;
}

HttpResponse Api::bot_action(const HttpRequest& req, const Caller& c, std::string_view action) {
  auto& name = req.params.at("name");
  auto& svc = bots_of(services_);
  auto r = action == "reload" ? svc.reload(name) : svc.set_enabled(name, action == "enable");
  auto out = change_response(r, name);
  record(c, "bot." + std::string(action), name, {{"error", r.message}});
  return out;
}

}  // namespace sb::admin
