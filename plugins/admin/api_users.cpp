// SPDX-License-Identifier: Apache-2.0
// Users: search, detail, revoke a device, ban, delete, bulk actions.
#include <switchboard/services/user_admin.hpp>

#include "api.hpp"

namespace sb::admin {
namespace {

UserAdmin& users_of(ServiceRegistry& services) {
  auto u = services.get<UserAdmin>();
  if (!u) throw ApiError{503, "unavailable", "the kernel offers no user-admin service", {}};
  return *u;
}

json::object user_json(const AdminUser& u) {
  return {{"id", u.id},
          {"phone", u.phone},
          {"name", u.name},
          {"banned", u.banned},
          {"online", u.online},
          {"last_seen", u.last_seen_ms},
          {"created", u.created_ms}};
}

}  // namespace

HttpResponse Api::users(const HttpRequest& req) {
  AdminUserQuery q;
  q.q = req.query_param("q").value_or("");
  if (q.q.size() > 256) throw ApiError{400, "bad_request", "query \"q\": longer than 256", "q"};
  auto filter = req.query_param("filter").value_or("");
  if (filter == "online")
    q.filter = UserFilter::online;
  else if (filter == "inactive")
    q.filter = UserFilter::inactive;
  else if (filter == "banned")
    q.filter = UserFilter::banned;
  else if (!filter.empty())
    throw ApiError{400, "bad_request",
                   "query \"filter\": one of online, inactive, banned (not \"" + filter + "\")",
                   "filter"};
  q.inactive_days = static_cast<int>(query_int(req, "inactive_days", 1, 3650).value_or(30));
  q.limit = static_cast<std::size_t>(query_int(req, "limit", 1, 500).value_or(50));
  q.cursor = req.query_param("cursor").value_or("");
  auto page = users_of(services_).users(q);
  json::array out;
  for (auto& u : page.users) out.push_back(user_json(u));
  return json_response(200, json::object{{"users", std::move(out)},
                                         {"next", page.next.empty() ? json::value(nullptr)
                                                                    : json::value(page.next)}});
}

HttpResponse Api::user(const HttpRequest& req) {
  auto& id = req.params.at("id");
  auto& svc = users_of(services_);
  auto u = svc.user(id);
  if (!u) throw ApiError{404, "not_found", "no user \"" + id + "\"", {}};
  json::array devices;
  for (auto& d : svc.devices(id))
    devices.push_back(json::object{{"id", d.id},
                                   {"name", d.name},
                                   {"created", d.created_ms},
                                   {"last_seen", d.last_seen_ms},
                                   {"transport", d.transport},
                                   {"online", d.online}});
  return json_response(200, json::object{{"user", user_json(*u)}, {"devices", std::move(devices)}});
}

HttpResponse Api::revoke_device(const HttpRequest& req, const Caller& c) {
  auto& id = req.params.at("id");
  auto& device = req.params.at("device");
  if (!users_of(services_).revoke_device(id, device))
    throw ApiError{404, "not_found", "user \"" + id + "\" has no device \"" + device + "\"", {}};
  record(c, "device.revoke", id + "/" + device);
  return json_response(200, json::object{{"revoked", true}});
}

HttpResponse Api::ban(const HttpRequest& req, const Caller& c, bool banned) {
  auto& id = req.params.at("id");
  if (!users_of(services_).set_banned(id, banned))
    throw ApiError{404, "not_found", "no user \"" + id + "\"", {}};
  record(c, banned ? "user.ban" : "user.unban", id);
  return json_response(200, json::object{{"user", id}, {"banned", banned}});
}

HttpResponse Api::delete_user(const HttpRequest& req, const Caller& c) {
  auto& id = req.params.at("id");
  auto body = parse_body(req);
  auto* confirm = body.if_contains("confirm");
  if (!confirm || !confirm->is_string() || confirm->as_string() != id)
    throw ApiError{400, "bad_request",
                   "field \"confirm\": must repeat the user id (\"" + id + "\") to delete",
                   "confirm"};
  if (!users_of(services_).delete_user(id))
    throw ApiError{404, "not_found", "no user \"" + id + "\"", {}};
  record(c, "user.delete", id);
  return json_response(200, json::object{{"deleted", true}});
}

HttpResponse Api::bulk_users(const HttpRequest& req, const Caller& c) {
  auto body = parse_body(req);
  auto action = need_string(body, "action", 32);
  if (action != "ban" && action != "unban" && action != "delete" && action != "revoke_all")
    throw ApiError{
        400, "bad_request",
        "field \"action\": one of ban, unban, delete, revoke_all (not \"" + action + "\")",
        "action"};
  auto list = need_string_list(body, "users", 1000);
  if (list.empty())
    throw ApiError{400, "bad_request", "field \"users\": must not be empty", "users"};
  auto* confirm = body.if_contains("confirm");
  if (!confirm || !confirm->is_bool() || !confirm->as_bool())
    throw ApiError{400, "bad_request", "field \"confirm\": must be true for a bulk action",
                   "confirm"};
  auto& svc = users_of(services_);
  json::array done, missing;
  for (auto& id : list) {
    bool ok = false;
    if (action == "ban")
      ok = svc.set_banned(id, true);
    else if (action == "unban")
      ok = svc.set_banned(id, false);
    else if (action == "delete")
      ok = svc.delete_user(id);
    else {
      auto devices = svc.devices(id);
      ok = svc.user(id).has_value();
      for (auto& d : devices) svc.revoke_device(id, d.id);
    }
    (ok ? done : missing).push_back(json::string(id));
  }
  record(c, "users.bulk." + action, std::to_string(done.size()) + " users",
         {{"users", done}, {"missing", missing}});
  return json_response(200, json::object{{"done", done}, {"missing", missing}});
}

}  // namespace sb::admin
