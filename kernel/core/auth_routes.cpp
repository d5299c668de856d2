// SPDX-License-Identifier: Apache-2.0
// See auth_routes.hpp. A store failure is the only server-side error a client can see here:
// it becomes 503 unavailable (retry) or 500 internal, with the detail in the log only.
#include "kernel/core/auth_routes.hpp"

#include <boost/asio/post.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb::core {
namespace {

constexpr std::size_t kMaxFieldBytes = 1024;

// Runs on a worker with the body's fields and the client's IP address.
using Work = std::function<HttpResponse(const std::vector<std::string>&, const std::string&)>;

HttpResponse guarded(Logger& log, const std::function<HttpResponse()>& work) {
  try {
    return work();
  } catch (const StoreError& e) {
    log.error("account store failed", {{"error", e.what()}});
    if (e.kind() == StoreError::Kind::unavailable)
      return error_response(503, "unavailable", "the account store is unavailable; retry");
    return error_response(500, "internal", "internal error");
  } catch (const std::exception& e) {
    log.error("auth request failed", {{"error", e.what()}});
    return error_response(500, "internal", "internal error");
  }
}

}  // namespace

BodyFields read_string_fields(std::string_view body, const std::vector<std::string>& names) {
  BodyFields out;
  auto bad = [&](const std::string& message) {
    out.error = error_response(400, "bad_request", message);
    return out;
  };
  if (body.size() > kMaxAuthBodyBytes)
    return bad("body: larger than " + std::to_string(kMaxAuthBodyBytes) + " bytes");
  boost::system::error_code ec;
  json::value doc = json::parse(body, ec);
  if (ec) return bad("body: not valid JSON (" + ec.message() + ")");
  if (!doc.is_object()) return bad("body: expected a JSON object");
  auto& obj = doc.as_object();
  for (auto& name : names) {
    auto* v = obj.if_contains(name);
    if (!v || v->is_null()) return bad(name + ": missing");
    if (!v->is_string()) return bad(name + ": expected a string");
    if (v->as_string().size() > kMaxFieldBytes)
      return bad(name + ": longer than " + std::to_string(kMaxFieldBytes) + " bytes");
    out.values.emplace_back(v->as_string());
  }
  return out;
}

std::string client_ip(std::string_view remote_address) {
  auto colon = remote_address.rfind(':');
  auto host = colon == std::string_view::npos ? remote_address : remote_address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return std::string(host);
}

std::vector<Subscription> register_auth_routes(HttpRouter& router, Accounts& accounts,
                                               boost::asio::thread_pool& pool, Logger& log) {
  auto add = [&](std::string path, std::vector<std::string> fields, Work work) {
    return router.route("POST", std::move(path),
                        [&pool, &log, fields = std::move(fields), work = std::move(work)](
                            const HttpRequest& req, std::shared_ptr<HttpResponder> responder) {
                          auto parsed = read_string_fields(req.body, fields);
                          if (parsed.error) return responder->respond(std::move(*parsed.error));
                          boost::asio::post(pool, [&log, work, ip = client_ip(req.remote_address),
                                                   responder, values = std::move(parsed.values)] {
                            responder->respond(guarded(log, [&] { return work(values, ip); }));
                          });
                        });
  };
  std::vector<Subscription> subs;
  subs.push_back(add("/v1/auth/request-code", {"phone"},
                     [&accounts](const std::vector<std::string>& v, const std::string& ip) {
                       return accounts.request_code(v[0], ip);
                     }));
  subs.push_back(add("/v1/auth/verify", {"phone", "code", "device_name"},
                     [&accounts](const std::vector<std::string>& v, const std::string&) {
                       return accounts.verify(v[0], v[1], v[2]);
                     }));
  subs.push_back(add("/v1/auth/refresh", {"refresh_token"},
                     [&accounts](const std::vector<std::string>& v, const std::string&) {
                       return accounts.refresh(v[0]);
                     }));
  return subs;
}

}  // namespace sb::core
