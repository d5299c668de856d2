// SPDX-License-Identifier: Apache-2.0
// Groups (search, members, disband) and server notices.
#include <switchboard/services/user_admin.hpp>

#include "api.hpp"

namespace sb::admin {
namespace {

UserAdmin& users_of(ServiceRegistry& services) {
  auto u = services.get<UserAdmin>();
  if (!u) throw ApiError{503, "unavailable", "the kernel offers no user-admin service", {}};
  return *u;
}

}  // namespace

HttpResponse Api::groups(const HttpRequest& req) {
  auto q = req.query_param("q").value_or("");
  if (q.size() > 256) throw ApiError{400, "bad_request", "query \"q\": longer than 256", "q"};
  auto limit = static_cast<std::size_t>(query_int(req, "limit", 1, 500).value_or(50));
  auto page = users_of(services_).groups(q, limit, req.query_param("cursor").value_or(""));
  json::array out;
  for (auto& g : page.groups)
    out.push_back(json::object{{"id", g.id},
                               {"name", g.name},
                               {"policy", g.policy},
                               {"created", g.created_ms},
                               {"members", g.members}});
  return json_response(200, json::object{{"groups", std::move(out)},
                                         {"next", page.next.empty() ? json::value(nullptr)
                                                                    : json::value(page.next)}});
}

HttpResponse Api::group(const HttpRequest& req) {
  auto& id = req.params.at("id");
  auto g = users_of(services_).group(id);
  if (!g) throw ApiError{404, "not_found", "no group \"" + id + "\"", {}};
  json::array members;
  for (auto& m : g->members)
    members.push_back(json::object{{"user", m.user}, {"role", m.role}, {"joined", m.joined_ms}});
  return json_response(200, json::object{{"group", json::object{{"id", g->id},
                                                                {"name", g->name},
                                                                {"policy", g->policy},
                                                                {"created_by", g->created_by},
                                                                {"created", g->created_ms}}},
                                         {"members", std::move(members)}});
}

HttpResponse Api::disband(const HttpRequest& req, const Caller& c) {
  auto& id = req.params.at("id");
  auto body = parse_body(req);
  auto* confirm = body.if_contains("confirm");
  if (!confirm || !confirm->is_string() || confirm->as_string() != id)
    throw ApiError{400, "bad_request",
                   "field \"confirm\": must repeat the group id (\"" + id + "\") to disband",
                   "confirm"};
  if (!users_of(services_).disband_group(id))
    throw ApiError{404, "not_found", "no group \"" + id + "\"", {}};
  record(c, "group.disband", id);
  return json_response(200, json::object{{"disbanded", true}});
}

HttpResponse Api::notice(const HttpRequest& req, const Caller& c) {
  auto body = parse_body(req);
  auto text = need_string(body, "text", 4096);
  std::vector<std::string> users;
  if (body.contains("users")) {
    users = need_string_list(body, "users", 10'000);
    if (users.empty())
      throw ApiError{400, "bad_request",
                     "field \"users\": must not be empty (leave it out to send to everyone)",
                     "users"};
  }
  auto sent = users_of(services_).send_notice(text, users);
  record(c, "notice", users.empty() ? "all users" : std::to_string(users.size()) + " users",
         {{"text", text}, {"sent", sent}});
  return json_response(200, json::object{{"sent", sent}});
}

}  // namespace sb::admin
