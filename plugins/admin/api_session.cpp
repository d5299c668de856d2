// SPDX-License-Identifier: Apache-2.0
// Login, logout and "who am I". Failed logins count per client address and per account;
// the answer to a wrong name and a wrong password is the same.
#include <switchboard/services/kernel_admin.hpp>

#include "api.hpp"
#include "secrets.hpp"

namespace sb::admin {

namespace {

// A valid hash to verify against when the name is unknown, so both cost the same time.
const std::string& decoy_hash() {
  static const std::string h = hash_password(random_hex(16));
  return h;
}

}  // namespace

HttpResponse Api::login(const HttpRequest& req) {
  auto body = parse_body(req);
  auto name = need_string(body, "name", 64);
  auto password = need_string(body, "password", 1024);
  auto ip = client_ip(req.remote_address);
  for (auto& key : {"addr:" + ip, "acct:" + name}) {
    auto& limiter = key.starts_with("addr:") ? by_address_ : by_account_;
    if (int wait = limiter.retry_after(key)) {
      auto r = error_response(
          {429,
           "rate_limited",
           "too many failed logins " +
               std::string(key.starts_with("addr:") ? "from this address" : "for this account") +
               "; retry in " + std::to_string(wait) + " s",
           {}});
      r.headers.emplace_back("Retry-After", std::to_string(wait));
      return r;
    }
  }
  auto accounts = accounts_.read();
  const Admin* a = accounts.admin(name);
  bool ok = verify_password(password, a ? a->hash : decoy_hash()) && a;
  if (!ok) {
    by_address_.failed("addr:" + ip);
    by_account_.failed("acct:" + name);
    audit_.add({0, 0, name, "login.failed", name, ip, {}});
    throw ApiError{401, "unauthorized", "wrong name or password", {}};
  }
  by_account_.succeeded("acct:" + name);
  auto [sid, csrf] = sessions_.create(name, a->hash);
  audit_.add({0, 0, name, "login", name, ip, {}});
  auto r = json_response(
      200, json::object{{"name", name}, {"role", to_string(a->role)}, {"csrf", csrf}});
  bool tls = false;
  if (auto k = services_.get<KernelAdmin>()) tls = k->listener().tls;
  auto max_age = session_max_age().count();
  r.headers.emplace_back("Set-Cookie", "sb_admin=" + sid +
                                           "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                                           std::to_string(max_age) + (tls ? "; Secure" : ""));
  return r;
}

HttpResponse Api::logout(const HttpRequest&, const Caller& c) {
  if (!c.session.empty()) sessions_.end(c.session);
  record(c, "logout", c.who);
  auto r = json_response(200, json::object{{"ok", true}});
  r.headers.emplace_back("Set-Cookie", "sb_admin=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  return r;
}

HttpResponse Api::me(const Caller& c) {
  return json_response(200, json::object{{"name", c.admin.empty() ? c.who : c.admin},
                                         {"role", to_string(c.role)},
                                         {"csrf", c.csrf}});
}

}  // namespace sb::admin
