// SPDX-License-Identifier: Apache-2.0
// See echo_core.hpp. Deliberately simple: one mutex, sends made outside it.
#include "echo_core.hpp"

#include <boost/json.hpp>

namespace echo_core {

namespace json = boost::json;

class EchoSession final : public sb::ClientSession {
 public:
  EchoSession(std::shared_ptr<EchoMessaging> core, std::shared_ptr<sb::ClientLink> link)
      : core_(std::move(core)), link_(std::move(link)) {}
  ~EchoSession() override { on_close(); }

  void authenticate(const sb::ClientIdentity& who) {
    key_ = who.user + "/" + who.device;
    std::vector<std::string> replay;
    {
      std::lock_guard lock(core_->mutex);
      core_->live[key_].insert(this);
      auto& inbox = core_->inboxes[key_];
      for (auto& [c, frame] : inbox.events)
        if (c > inbox.acked) replay.push_back(frame);
    }
    for (auto& f : replay) link_->send(f);
  }

  void on_frame(std::string_view text) override {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) return reply({}, error("bad_request", "not a JSON object"));
    auto& o = v.as_object();
    json::value id = o.contains("id") ? o.at("id") : json::value();
    auto* op = o.if_contains("op");
    if (!op || !op->is_string()) return reply(id, error("bad_request", "no op"));
    std::string name(op->get_string());
    if (name == "auth") {
      auto* t = o.if_contains("token");
      auto who = t && t->is_string() ? core_->check_token(t->get_string()) : std::nullopt;
      if (!who) {
        reply(id, error("unauthorized", "bad token"));
        return link_->close("unauthorized");
      }
      reply(id, {{"ok", true}, {"user_id", who->user}, {"device_id", who->device}});
      return authenticate(*who);
    }
    if (key_.empty()) return reply(id, error("unauthorized", "authenticate first"));
    if (name == "echo")
      return reply(id, {{"ok", true}, {"echo", o.contains("body") ? o.at("body") : json::value()}});
    if (name == "ack") {
      auto* c = o.if_contains("cursor");
      if (c && c->is_int64()) {
        std::lock_guard lock(core_->mutex);
        auto& inbox = core_->inboxes[key_];
        inbox.acked = std::max(inbox.acked, c->get_int64());
        acks_seen_.push_back(c->get_int64());
      }
      if (!id.is_null()) reply(id, {{"ok", true}});
      return;
    }
    if (name == "acks") {
      std::lock_guard lock(core_->mutex);
      auto& inbox = core_->inboxes[key_];
      return reply(id, {{"ok", true}, {"acked", inbox.acked}});
    }
    if (name == "emit") return emit(id, o);
    if (name == "flood") {
      auto count = o.contains("count") ? o.at("count").to_number<std::int64_t>() : 100;
      auto size = o.contains("size") ? o.at("size").to_number<std::int64_t>() : 1000;
      std::string pad(static_cast<std::size_t>(size), 'x');
      reply(id, {{"ok", true}});
      for (std::int64_t i = 0; i < count; ++i)
        if (!link_->send(json::serialize(json::object{{"ev", "flood"}, {"n", i}, {"pad", pad}})))
          break;
      return;
    }
    if (name == "close") {
      reply(id, {{"ok", true}});
      auto* r = o.if_contains("reason");
      return link_->close(r && r->is_string() ? std::string_view(r->get_string()) : "shutdown");
    }
    reply(id, error("bad_request", "unknown op"));
  }

  void on_close() override {
    if (closed_) return;
    closed_ = true;
    std::lock_guard lock(core_->mutex);
    if (!key_.empty()) core_->live[key_].erase(this);
  }

  void deliver(const std::string& frame) { link_->send(frame); }

 private:
  static json::object error(std::string_view code, std::string_view message) {
    return {{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
  }
  void reply(const json::value& id, json::object r) {
    if (!id.is_null()) r["id"] = id;
    link_->send(json::serialize(r));
  }
  // {"op":"emit","to":"user/device","count":N,"body":..}: N cursor events into that inbox,
  // pushed to its live sessions.
  void emit(const json::value& id, const json::object& o) {
    std::string to = o.contains("to") ? std::string(o.at("to").as_string()) : key_;
    auto count = o.contains("count") ? o.at("count").to_number<std::int64_t>() : 1;
    std::vector<std::string> frames;
    std::vector<EchoSession*> targets;
    std::int64_t last = 0;
    {
      std::lock_guard lock(core_->mutex);
      auto& inbox = core_->inboxes[to];
      for (std::int64_t i = 0; i < count; ++i) {
        last = inbox.next++;
        json::object ev{{"ev", "message"}, {"cursor", last}, {"from", key_}};
        if (auto* b = o.if_contains("body")) ev["body"] = *b;
        inbox.events[last] = json::serialize(ev);
        frames.push_back(inbox.events[last]);
      }
      auto& l = core_->live[to];
      targets.assign(l.begin(), l.end());
      // Sends happen under the lock so that a session closing meanwhile stays alive.
      reply(id, {{"ok", true}, {"last_cursor", last}});
      for (auto* t : targets)
        for (auto& f : frames) t->deliver(f);
    }
  }

  std::shared_ptr<EchoMessaging> core_;
  std::shared_ptr<sb::ClientLink> link_;
  std::string key_;
  std::vector<std::int64_t> acks_seen_;
  bool closed_ = false;
};

std::shared_ptr<sb::ClientSession> EchoMessaging::open(std::shared_ptr<sb::ClientLink> link,
                                                       sb::SessionOptions options) {
  auto s = std::make_shared<EchoSession>(shared_from_this(), std::move(link));
  if (!options.bearer_token.empty()) {
    if (auto who = check_token(options.bearer_token)) s->authenticate(*who);
  }
  return s;
}

std::optional<sb::ClientIdentity> EchoMessaging::check_token(std::string_view token) {
  if (!token.starts_with("tok:")) return std::nullopt;
  auto rest = token.substr(4);
  auto colon = rest.find(':');
  if (colon == rest.npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
  return sb::ClientIdentity{std::string(rest.substr(0, colon)),
                            std::string(rest.substr(colon + 1))};
}

void EchoMessaging::verify_token(std::string token,
                                 std::function<void(std::optional<sb::ClientIdentity>)> done) {
  done(check_token(token));
}

void EchoCorePlugin::start(const Config&, sb::Context& ctx) {
  ctx.services().provide<sb::Messaging>(std::make_shared<EchoMessaging>());
}

}  // namespace echo_core
