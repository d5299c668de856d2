// SPDX-License-Identifier: Apache-2.0
// Reading request input for the handlers; every refusal names the field.
#include <chrono>

#include "api.hpp"

namespace sb::admin {

json::object parse_body(const HttpRequest& req) {
  if (req.body.empty()) return {};
  boost::system::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec) throw ApiError{400, "bad_request", "body: not valid JSON (" + ec.message() + ")", "body"};
  if (!v.is_object()) throw ApiError{400, "bad_request", "body: expected a JSON object", "body"};
  return std::move(v.as_object());
}

std::string need_string(const json::object& o, std::string_view key, std::size_t max_len) {
  auto* v = o.if_contains(key);
  std::string k(key);
  if (!v) throw ApiError{400, "bad_request", "field \"" + k + "\": required", k};
  if (!v->is_string())
    throw ApiError{400, "bad_request", "field \"" + k + "\": expected a string", k};
  auto s = std::string(v->as_string());
  if (s.empty()) throw ApiError{400, "bad_request", "field \"" + k + "\": must not be empty", k};
  if (s.size() > max_len)
    throw ApiError{400, "bad_request",
                   "field \"" + k + "\": longer than " + std::to_string(max_len) + " bytes", k};
  return s;
}

std::vector<std::string> need_string_list(const json::object& o, std::string_view key,
                                          std::size_t max_items) {
  std::string k(key);
  auto* v = o.if_contains(key);
  if (!v) throw ApiError{400, "bad_request", "field \"" + k + "\": required", k};
  if (!v->is_array())
    throw ApiError{400, "bad_request", "field \"" + k + "\": expected an array of strings", k};
  auto& a = v->as_array();
  if (a.size() > max_items)
    throw ApiError{400, "bad_request",
                   "field \"" + k + "\": more than " + std::to_string(max_items) + " items", k};
  std::vector<std::string> out;
  for (auto& x : a) {
    if (!x.is_string() || x.as_string().empty() || x.as_string().size() > 256)
      throw ApiError{400, "bad_request",
                     "field \"" + k + "\": every item must be a non-empty string (<= 256 bytes)",
                     k};
    out.emplace_back(x.as_string());
  }
  return out;
}

std::optional<std::int64_t> query_int(const HttpRequest& req, std::string_view key,
                                      std::int64_t min, std::int64_t max) {
  auto v = req.query_param(key);
  if (!v || v->empty()) return std::nullopt;
  std::string k(key);
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(*v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v->size())
    throw ApiError{400, "bad_request", "query \"" + k + "\": expected an integer", k};
  if (n < min || n > max)
    throw ApiError{400, "bad_request",
                   "query \"" + k + "\": must be between " + std::to_string(min) + " and " +
                       std::to_string(max),
                   k};
  return n;
}

std::string client_ip(const std::string& remote_address) {
  auto colon = remote_address.rfind(':');
  auto ip = colon == std::string::npos ? remote_address : remote_address.substr(0, colon);
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  return ip;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace sb::admin
