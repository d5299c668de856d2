// SPDX-License-Identifier: Apache-2.0
// See api.hpp: the route table wired to handlers, authentication, roles and CSRF.
#include "api.hpp"

#include <boost/asio/post.hpp>
#include <switchboard/services/kernel_admin.hpp>
#include <switchboard/services/store_error.hpp>

#include "secrets.hpp"

namespace sb::admin {

HttpResponse error_response(const ApiError& e) {
  json::object err{{"code", e.code}, {"message", e.message}};
  if (!e.field.empty()) err["field"] = e.field;
  return HttpResponse::with_json(e.status, json::serialize(json::object{{"error", err}}));
}

HttpResponse json_response(int status, const json::value& v) {
  return HttpResponse::with_json(status, json::serialize(v));
}

Api::Api(const Config& config, std::string data_dir, ServiceRegistry& services, Logger& log)
    : config_(config),
      services_(services),
      log_(log),
      accounts_(data_dir),
      audit_(data_dir + "/audit.jsonl", config.audit_memory),
      dashboard_(std::chrono::milliseconds(config.history).count()),
      sessions_(config.session_idle, config.session_absolute),
      by_address_(config.login_failures_per_address, config.login_window),
      by_account_(config.login_failures_per_account, config.login_window) {}

Api::~Api() {
  stop();
}

void Api::apply(const Config& c) {
  sessions_.set_timeouts(c.session_idle, c.session_absolute);
  by_address_.set_limits(c.login_failures_per_address, c.login_window);
  by_account_.set_limits(c.login_failures_per_account, c.login_window);
  std::lock_guard lock(config_mutex_);
  config_ = c;
}

std::chrono::seconds Api::session_max_age() {
  std::lock_guard lock(config_mutex_);
  return std::chrono::duration_cast<std::chrono::seconds>(config_.session_absolute);
}

void Api::stop() {
  pool_.join();
}

std::map<std::string, Api::Handler, std::less<>> Api::handlers() {
  using R = const HttpRequest&;
  using C = const Caller&;
  return {
      {"login", [this](R r, C) { return login(r); }},
      {"logout", [this](R r, C c) { return logout(r, c); }},
      {"me", [this](R, C c) { return me(c); }},
      {"openapi", [](R, C) { return HttpResponse{}; }},  // answered by static routes
      {"dashboard", [this](R, C) { return dashboard_page(); }},
      {"users", [this](R r, C) { return users(r); }},
      {"user", [this](R r, C) { return user(r); }},
      {"revoke_device", [this](R r, C c) { return revoke_device(r, c); }},
      {"ban", [this](R r, C c) { return ban(r, c, true); }},
      {"unban", [this](R r, C c) { return ban(r, c, false); }},
      {"delete_user", [this](R r, C c) { return delete_user(r, c); }},
      {"bulk_users", [this](R r, C c) { return bulk_users(r, c); }},
      {"groups", [this](R r, C) { return groups(r); }},
      {"group", [this](R r, C) { return group(r); }},
      {"disband", [this](R r, C c) { return disband(r, c); }},
      {"notice", [this](R r, C c) { return notice(r, c); }},
      {"plugins", [this](R, C) { return plugins(); }},
      {"plugin_config", [this](R r, C c) { return plugin_config(r, c); }},
      {"wiring", [this](R, C) { return wiring(); }},
      {"bots", [this](R, C) { return bots(); }},
      {"bot", [this](R r, C) { return bot(r); }},
      {"bot_source", [this](R r, C c) { return bot_source(r, c); }},
      {"bot_reload", [this](R r, C c) { return bot_action(r, c, "reload"); }},
      {"bot_enable", [this](R r, C c) { return bot_action(r, c, "enable"); }},
      {"bot_disable", [this](R r, C c) { return bot_action(r, c, "disable"); }},
      {"audit", [this](R r, C) { return audit_page(r); }},
      {"admins", [this](R, C) { return admins(); }},
      {"admin_add", [this](R r, C c) { return admin_add(r, c); }},
      {"admin_role", [this](R r, C c) { return admin_role(r, c); }},
      {"admin_remove", [this](R r, C c) { return admin_remove(r, c); }},
      {"tokens", [this](R, C) { return tokens(); }},
      {"token_add", [this](R r, C c) { return token_add(r, c); }},
      {"token_remove", [this](R r, C c) { return token_remove(r, c); }},
  };
}

std::vector<Subscription> Api::register_routes(HttpRouter& router) {
  auto table = handlers();
  std::vector<Subscription> out;
  for (auto& spec : kRoutes) {
    if (spec.handler == "openapi") continue;  // static, see static_routes.cpp
    auto it = table.find(spec.handler);
    if (it == table.end())
      throw std::logic_error("admin route " + std::string(spec.pattern) + " has no handler \"" +
                             std::string(spec.handler) + "\"");
    out.push_back(router.route(
        std::string(spec.method), std::string(spec.pattern),
        [this, &spec, h = it->second](const HttpRequest& req, std::shared_ptr<HttpResponder> res) {
          serve(spec, h, req, std::move(res));
        }));
  }
  return out;
}

void Api::serve(const RouteSpec& spec, const Handler& h, const HttpRequest& req,
                std::shared_ptr<HttpResponder> res) {
  // Off the I/O thread: password hashes and store calls block.
  boost::asio::post(pool_, [this, &spec, h, req, res] {
    HttpResponse out;
    try {
      Caller c = authenticate(req, spec);
      out = h(req, c);
    } catch (const ApiError& e) {
      out = error_response(e);
    } catch (const StoreError& e) {
      out = error_response({e.kind() == StoreError::Kind::not_found ? 404 : 503,
                            e.kind() == StoreError::Kind::not_found ? "not_found" : "unavailable",
                            e.what(),
                            {}});
    } catch (const std::exception& e) {
      log_.error("admin request failed", {{"path", req.path}, {"error", e.what()}});
      out = error_response({500, "internal", "internal error; see the server log", {}});
    }
    out.headers.emplace_back("Cache-Control", "no-store");
    res->respond(std::move(out));
  });
}

namespace {

std::optional<std::string> cookie(const HttpRequest& req, std::string_view name) {
  for (auto& [k, v] : req.headers) {
    if (!detail::iequals(k, "Cookie")) continue;
    std::string_view s = v;
    while (!s.empty()) {
      auto semi = s.find(';');
      auto part = s.substr(0, semi);
      s = semi == std::string_view::npos ? std::string_view{} : s.substr(semi + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      auto eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name)
        return std::string(part.substr(eq + 1));
    }
  }
  return std::nullopt;
}

bool allowed(Role role, Need need) {
  switch (need) {
    case Need::none:
    case Need::viewer: return true;
    case Need::operator_: return role >= Role::operator_;
    case Need::owner: return role == Role::owner;
  }
  return false;
}

}  // namespace

Caller Api::authenticate(const HttpRequest& req, const RouteSpec& spec) {
  Caller c;
  c.address = client_ip(req.remote_address);
  if (auto k = services_.get<KernelAdmin>(); k && k->listener().public_only)
    throw ApiError{403,
                   "forbidden",
                   "the admin API is off on this listener ([server] public_only = true)",
                   {}};
  if (spec.need == Need::none) return c;
  auto accounts = accounts_.read();
  if (auto bearer = req.bearer_token()) {
    // "sbat_<id>_<secret>": the id finds the row, the secret's hash must match.
    std::string_view t = *bearer;
    auto sep = t.rfind('_');
    if (!t.starts_with("sbat_") || sep <= 5)
      throw ApiError{401, "unauthorized", "Authorization: not an admin API token", {}};
    std::string id = "t_" + std::string(t.substr(5, sep - 5));
    const ApiToken* found = nullptr;
    for (auto& tok : accounts.tokens)
      if (tok.id == id) found = &tok;
    if (!found || !constant_time_equal(sha256_hex(t.substr(sep + 1)), found->hash))
      throw ApiError{401, "unauthorized", "Authorization: unknown or revoked API token", {}};
    if (found->expires_ms > 0 && found->expires_ms <= now_ms())
      throw ApiError{401, "unauthorized", "Authorization: the API token expired", {}};
    c.who = "token:" + found->id;
    c.role = found->role;
  } else if (auto sid = cookie(req, "sb_admin")) {
    auto s = sessions_.use(*sid);
    const Admin* a = s ? accounts.admin(s->name) : nullptr;
    // Removed, or the password changed (possibly by `switchboard admin passwd`): log in again.
    if (!a || a->hash != s->hash)
      throw ApiError{
          401, "unauthorized", "the session ended (timed out or logged out); log in", {}};
    c.who = c.admin = a->name;
    c.role = a->role;  // read per request: a demotion applies at once
    c.session = *sid;
    c.csrf = s->csrf;
    // Cookies ride along with cross-site requests; the CSRF token does not.
    if (req.method != "GET" && req.method != "HEAD") {
      auto h = req.header("X-CSRF-Token");
      if (!h || !constant_time_equal(*h, s->csrf))
        throw ApiError{403, "forbidden",
                       h ? "X-CSRF-Token: does not match the session's token"
                         : "X-CSRF-Token: header missing (every change needs the session's "
                           "csrf token)",
                       "X-CSRF-Token"};
    }
  } else {
    throw ApiError{401,
                   "unauthorized",
                   "log in (POST /v1/admin/login) or send Authorization: Bearer <API token>",
                   {}};
  }
  if (!allowed(c.role, spec.need))
    throw ApiError{403,
                   "forbidden",
                   "role " + std::string(to_string(c.role)) + " may not do this (needs " +
                       (spec.need == Need::owner ? "owner" : "operator") + ")",
                   {}};
  return c;
}

void Api::record(const Caller& c, std::string action, std::string target, json::object details) {
  audit_.add({0, 0, c.who, std::move(action), std::move(target), c.address, std::move(details)});
}

}  // namespace sb::admin
