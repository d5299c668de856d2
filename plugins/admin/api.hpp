// SPDX-License-Identifier: Apache-2.0
// The admin API: authentication (session cookie + CSRF, or an API token), roles, and the
// handlers of route_table.hpp. Handlers run on the plugin's worker threads, never on an I/O
// thread: they hash passwords and call blocking services.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/http.hpp>
#include <switchboard/log.hpp>
#include <switchboard/services.hpp>

#include "account_file.hpp"
#include "audit_log.hpp"
#include "config.hpp"
#include "dashboard.hpp"
#include "route_table.hpp"
#include "sessions.hpp"

namespace sb::admin {

// Who is calling, once authenticated.
struct Caller {
  std::string who;    // admin name, or "token:<id>"
  std::string admin;  // the admin's name (empty for a token)
  Role role = Role::viewer;
  std::string session;  // cookie sessions: the session id
  std::string csrf;
  std::string address;  // client IP
};

// A refusal with the protocol's error shape; `field` names the input at fault.
struct ApiError {
  int status;
  std::string code, message, field;
};

HttpResponse error_response(const ApiError& e);
HttpResponse json_response(int status, const json::value& v);

class Api {
 public:
  Api(const Config& config, std::string data_dir, ServiceRegistry& services, Logger& log);
  ~Api();

  // Registers every route of kRoutes on `router`; throws std::logic_error when a row has no
  // handler.
  std::vector<Subscription> register_routes(HttpRouter& router);
  AccountFile& accounts() { return accounts_; }
  AuditLog& audit() { return audit_; }
  Dashboard& dashboard() { return dashboard_; }
  Sessions& sessions() { return sessions_; }
  ServiceRegistry& services() { return services_; }
  // A config change that can apply live (session lifetimes, login limits).
  void apply(const Config& config);
  // Stops taking work and waits for the handlers running.
  void stop();

  using Handler = std::function<HttpResponse(const HttpRequest&, const Caller&)>;

 private:
  std::map<std::string, Handler, std::less<>> handlers();
  void serve(const RouteSpec& spec, const Handler& h, const HttpRequest& req,
             std::shared_ptr<HttpResponder> res);
  Caller authenticate(const HttpRequest& req, const RouteSpec& spec);
  void record(const Caller& c, std::string action, std::string target, json::object details = {});

  // Handlers, grouped by file.
  HttpResponse login(const HttpRequest& req);  // api_session.cpp
  HttpResponse logout(const HttpRequest& req, const Caller& c);
  HttpResponse me(const Caller& c);
  HttpResponse dashboard_page();  // api_system.cpp
  HttpResponse plugins();
  HttpResponse plugin_config(const HttpRequest& req, const Caller& c);
  HttpResponse wiring();
  HttpResponse audit_page(const HttpRequest& req);
  HttpResponse users(const HttpRequest& req);  // api_users.cpp
  HttpResponse user(const HttpRequest& req);
  HttpResponse revoke_device(const HttpRequest& req, const Caller& c);
  HttpResponse ban(const HttpRequest& req, const Caller& c, bool banned);
  HttpResponse delete_user(const HttpRequest& req, const Caller& c);
  HttpResponse bulk_users(const HttpRequest& req, const Caller& c);
  HttpResponse groups(const HttpRequest& req);  // api_groups.cpp
  HttpResponse group(const HttpRequest& req);
  HttpResponse disband(const HttpRequest& req, const Caller& c);
  HttpResponse notice(const HttpRequest& req, const Caller& c);
  HttpResponse bots();  // api_bots.cpp
  HttpResponse bot(const HttpRequest& req);
  HttpResponse bot_source(const HttpRequest& req, const Caller& c);
  HttpResponse bot_action(const HttpRequest& req, const Caller& c, std::string_view action);
  HttpResponse admins();  // api_admins.cpp
  HttpResponse admin_add(const HttpRequest& req, const Caller& c);
  HttpResponse admin_role(const HttpRequest& req, const Caller& c);
  HttpResponse admin_remove(const HttpRequest& req, const Caller& c);
  HttpResponse tokens();
  HttpResponse token_add(const HttpRequest& req, const Caller& c);
  HttpResponse token_remove(const HttpRequest& req, const Caller& c);

  std::chrono::seconds session_max_age();

  std::mutex config_mutex_;
  Config config_;
  ServiceRegistry& services_;
  Logger& log_;
  AccountFile accounts_;
  AuditLog audit_;
  Dashboard dashboard_;
  Sessions sessions_;
  LoginLimiter by_address_, by_account_;
  boost::asio::thread_pool pool_{2};
};

// Request helpers shared by the handler files (http_input.cpp).
json::object parse_body(const HttpRequest& req);  // throws ApiError naming "body"
std::string need_string(const json::object& o, std::string_view key, std::size_t max_len = 256);
std::optional<std::int64_t> query_int(const HttpRequest& req, std::string_view key,
                                      std::int64_t min, std::int64_t max);
std::vector<std::string> need_string_list(const json::object& o, std::string_view key,
                                          std::size_t max_items);
std::string client_ip(const std::string& remote_address);
std::int64_t now_ms();

}  // namespace sb::admin
