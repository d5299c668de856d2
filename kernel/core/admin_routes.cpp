// SPDX-License-Identifier: Apache-2.0
// See admin_routes.hpp.
#include "kernel/core/admin_routes.hpp"

#include <boost/asio/post.hpp>

#include <switchboard/services/admin_audit.hpp>

#include "kernel/core/auth_routes.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/loopback.hpp"
#include "kernel/core/secrets.hpp"

namespace sb::core {

namespace {

HttpResponse ban(Engine& engine, ServiceRegistry& services, const json::object& body) {
  auto* user = body.if_contains("user");
  auto* phone = body.if_contains("phone");
  auto* banned = body.if_contains("banned");
  if ((user != nullptr) == (phone != nullptr))
    return error_response(400, "bad_request", "give exactly one of \"user\" and \"phone\"");
  if ((user && !user->is_string()) || (phone && !phone->is_string()))
    return error_response(400, "bad_request", "\"user\" and \"phone\" are strings");
  if (banned && !banned->is_bool())
    return error_response(400, "bad_request", "\"banned\": expected true or false");
  bool on = !banned || banned->as_bool();
  std::string id;
  if (phone) {
    auto u = engine.stores.accounts->user_by_phone(std::string(phone->as_string()));
    if (!u) return error_response(404, "not_found", "no user has that phone number");
    id = u->id;
  } else {
    id = std::string(user->as_string());
  }
  if (!engine.set_banned(id, on)) return error_response(404, "not_found", "no such user");
  engine.log.warn(on ? "user banned" : "user unbanned", {{"user", id}});
  // Only `switchboard ban` holds the loopback admin token: the actor is the command line.
  if (auto audit = services.get<AdminAudit>()) {
    json::object details;
    if (phone) details["phone"] = phone->as_string();
    audit->record({"cli", on ? "user.ban" : "user.unban", id, "local", std::move(details)});
  }
  return HttpResponse::with_json(200, json::serialize(json::object{{"user", id}, {"banned", on}}));
}

}  // namespace

std::vector<Subscription> register_admin_routes(HttpRouter& router, Engine& engine,
                                                boost::asio::thread_pool& pool,
                                                std::string admin_token,
                                                ServiceRegistry& services) {
  std::vector<Subscription> out;
  out.push_back(router.route(
      "POST", "/v1/admin/ban",
      [&engine, &pool, &services, token = std::move(admin_token)](
          const HttpRequest& req, std::shared_ptr<HttpResponder> res) {
        auto bearer = req.bearer_token();
        if (!is_loopback(client_ip(req.remote_address)) || !bearer ||
            !constant_time_equal(*bearer, token)) {
          res->respond(error_response(403, "forbidden",
                                      "admin calls come from loopback with "
                                      "the admin token"));
          return;
        }
        boost::system::error_code ec;
        auto doc = json::parse(req.body, ec);
        if (ec || !doc.is_object()) {
          res->respond(error_response(400, "bad_request", "body: expected a JSON object"));
          return;
        }
        boost::asio::post(pool, [&engine, &services, res, body = std::move(doc.as_object())] {
          try {
            res->respond(ban(engine, services, body));
          } catch (const std::exception& e) {
            engine.log.error("ban failed", {{"error", e.what()}});
            res->respond(error_response(503, "unavailable", "the store is unavailable; retry"));
          }
        });
      }));
  return out;
}

}  // namespace sb::core
