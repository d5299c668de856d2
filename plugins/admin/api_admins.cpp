// SPDX-License-Identifier: Apache-2.0
// Admin accounts and API tokens. Nobody removes or demotes themselves or the last owner.
#include <cctype>

#include "api.hpp"
#include "secrets.hpp"

namespace sb::admin {
namespace {

Role need_role(const json::object& body) {
  auto s = need_string(body, "role", 16);
  auto r = parse_role(s);
  if (!r)
    throw ApiError{400, "bad_request",
                   "field \"role\": one of owner, operator, viewer (not \"" + s + "\")", "role"};
  return *r;
}

void check_name(const std::string& name) {
  for (char ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.' &&
        ch != '@')
      throw ApiError{400, "bad_request",
                     "field \"name\": letters, digits and - _ . @ only (at most 64)", "name"};
}

}  // namespace

HttpResponse Api::admins() {
  json::array out;
  for (auto& a : accounts_.read().admins)
    out.push_back(
        json::object{{"name", a.name}, {"role", to_string(a.role)}, {"created", a.created_ms}});
  return json_response(200, json::object{{"admins", std::move(out)}});
}

HttpResponse Api::admin_add(const HttpRequest& req, const Caller& c) {
  auto body = parse_body(req);
  auto name = need_string(body, "name", 64);
  check_name(name);
  auto role = need_role(body);
  auto password = need_string(body, "password", 1024);
  if (auto why = weak_password_reason(password); !why.empty())
    throw ApiError{400, "bad_request", "field \"password\": " + why, "password"};
  auto hash = hash_password(password);
  accounts_.update([&](Accounts& a) {
    if (a.admin(name))
      throw ApiError{409, "conflict", "an admin named \"" + name + "\" exists", "name"};
    a.admins.push_back({name, role, hash, now_ms()});
  });
  record(c, "admin.add", name, {{"role", to_string(role)}});
  return json_response(201, json::object{{"name", name}, {"role", to_string(role)}});
}

HttpResponse Api::admin_role(const HttpRequest& req, const Caller& c) {
  auto& name = req.params.at("name");
  auto body = parse_body(req);
  auto role = need_role(body);
  if (name == c.admin) throw ApiError{409, "conflict", "you cannot change your own role", "role"};
  accounts_.update([&](Accounts& a) {
    auto* x = a.admin(name);
    if (!x) throw ApiError{404, "not_found", "no admin \"" + name + "\"", {}};
    if (x->role == Role::owner && role != Role::owner && a.owners() == 1)
      throw ApiError{409, "conflict", "\"" + name + "\" is the last owner", "role"};
    x->role = role;
  });
  record(c, "admin.role", name, {{"role", to_string(role)}});
  return json_response(200, json::object{{"name", name}, {"role", to_string(role)}});
}

HttpResponse Api::admin_remove(const HttpRequest& req, const Caller& c) {
  auto& name = req.params.at("name");
  if (name == c.admin) throw ApiError{409, "conflict", "you cannot remove yourself", {}};
  accounts_.update([&](Accounts& a) {
    auto* x = a.admin(name);
    if (!x) throw ApiError{404, "not_found", "no admin \"" + name + "\"", {}};
    if (x->role == Role::owner && a.owners() == 1)
      throw ApiError{409, "conflict", "\"" + name + "\" is the last owner", {}};
    std::erase_if(a.admins, [&](auto& y) { return y.name == name; });
  });
  sessions_.end_all(name);
  record(c, "admin.remove", name);
  return json_response(200, json::object{{"removed", true}});
}

HttpResponse Api::tokens() {
  json::array out;
  auto now = now_ms();
  for (auto& t : accounts_.read().tokens)
    out.push_back(json::object{{"id", t.id},
                               {"name", t.name},
                               {"role", to_string(t.role)},
                               {"created", t.created_ms},
                               {"expires", t.expires_ms},
                               {"expired", t.expires_ms > 0 && t.expires_ms <= now},
                               {"created_by", t.created_by}});
  return json_response(200, json::object{{"tokens", std::move(out)}});
}

HttpResponse Api::token_add(const HttpRequest& req, const Caller& c) {
  auto body = parse_body(req);
  auto name = need_string(body, "name", 64);
  auto role = need_role(body);
  auto* days = body.if_contains("expires_in_days");
  if (!days || !days->is_int64() || days->as_int64() < 1 || days->as_int64() > 3650)
    throw ApiError{400, "bad_request", "field \"expires_in_days\": an integer from 1 to 3650",
                   "expires_in_days"};
  if (role > c.role)
    throw ApiError{403, "forbidden", "field \"role\": a token cannot have more rights than you",
                   "role"};
  auto id = "t_" + random_hex(8);
  auto secret = random_hex(32);
  ApiToken t{
      id,   name, role, sha256_hex(secret), now_ms(), now_ms() + days->as_int64() * 86'400'000,
      c.who};
  accounts_.update([&](Accounts& a) { a.tokens.push_back(t); });
  record(c, "token.add", id, {{"name", name}, {"role", to_string(role)}});
  return json_response(201, json::object{{"id", id},
                                         {"token", "sbat_" + id.substr(2) + "_" + secret},
                                         {"role", to_string(role)},
                                         {"expires", t.expires_ms}});
}

HttpResponse Api::token_remove(const HttpRequest& req, const Caller& c) {
  auto& id = req.params.at("id");
  accounts_.update([&](Accounts& a) {
    auto n = std::erase_if(a.tokens, [&](auto& t) { return t.id == id; });
    if (n == 0) throw ApiError{404, "not_found", "no token \"" + id + "\"", {}};
  });
  record(c, "token.remove", id);
  return json_response(200, json::object{{"removed", true}});
}

}  // namespace sb::admin
