// SPDX-License-Identifier: Apache-2.0
// See protocol.hpp.
#include "kernel/core/protocol.hpp"

#include <set>

namespace sb::core {

ProtocolError bad_request(const std::string& message) {
  return ProtocolError("bad_request", message);
}
ProtocolError forbidden(const std::string& message) {
  return ProtocolError("forbidden", message);
}
ProtocolError not_found(const std::string& message) {
  return ProtocolError("not_found", message);
}

std::string_view json_kind(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "value";
}

Request parse_request(std::string_view text, json::value& id) {
  boost::system::error_code ec;
  // Size is bounded by the transport's frame limit; depth here, so a deeply nested frame is
  // refused with the limit named instead of costing a deep recursion anywhere later.
  json::parse_options options;
  options.max_depth = kMaxFrameDepth;
  json::value v = json::parse(text, ec, {}, options);
  if (ec == json::error::too_deep)
    throw bad_request("frame nests deeper than " + std::to_string(kMaxFrameDepth) +
                      " levels (the limit)");
  if (ec) throw bad_request("frame is not valid JSON: " + ec.message());
  if (!v.is_object())
    throw bad_request("frame must be a JSON object, got " + std::string(json_kind(v)));
  auto& o = v.as_object();
  if (auto* i = o.if_contains("id")) {
    if (!i->is_string() && !i->is_int64() && !i->is_uint64())
      throw bad_request("field \"id\": expected a string or an integer, got " +
                        std::string(json_kind(*i)));
    if (i->is_string() && i->as_string().size() > 128)
      throw bad_request("field \"id\": longer than 128 characters");
    id = *i;
  }
  auto* op = o.if_contains("op");
  if (!op) throw bad_request("field \"op\" is missing");
  if (!op->is_string())
    throw bad_request("field \"op\": expected a string, got " + std::string(json_kind(*op)));
  Request r;
  r.op = std::string(op->as_string());
  r.id = id;
  r.frame = std::move(o);
  return r;
}

const json::value* Fields::find(std::string_view field) const {
  auto* v = o_.if_contains(field);
  return v && !v->is_null() ? v : nullptr;
}

namespace {
std::string f(std::string_view field) {
  return "field \"" + std::string(field) + "\"";
}
}  // namespace

std::optional<std::string> Fields::opt_string(std::string_view field, std::size_t max_len) const {
  auto* v = find(field);
  if (!v) return std::nullopt;
  if (!v->is_string())
    throw bad_request(f(field) + ": expected a string, got " + std::string(json_kind(*v)));
  auto& s = v->as_string();
  if (s.empty()) throw bad_request(f(field) + ": must not be empty");
  if (s.size() > max_len)
    throw bad_request(f(field) + ": longer than " + std::to_string(max_len) + " bytes");
  return std::string(s);
}

std::string Fields::string(std::string_view field, std::size_t max_len) const {
  auto s = opt_string(field, max_len);
  if (!s) throw bad_request(f(field) + " is missing");
  return *s;
}

std::string Fields::choice(std::string_view field, const std::vector<std::string_view>& choices,
                           std::string_view def) const {
  auto s = opt_string(field, 64);
  if (!s) {
    if (def.empty()) throw bad_request(f(field) + " is missing");
    return std::string(def);
  }
  for (auto c : choices)
    if (*s == c) return *s;
  std::string list;
  for (auto c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
  throw bad_request(f(field) + ": expected one of " + list + ", got \"" + *s + "\"");
}

std::int64_t Fields::opt_integer(std::string_view field, std::int64_t def, std::int64_t min,
                                 std::int64_t max) const {
  auto* v = find(field);
  if (!v) return def;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64()) {  // only values beyond int64 are stored unsigned
    throw bad_request(f(field) + ": must be between " + std::to_string(min) + " and " +
                      std::to_string(max));
  } else {
    throw bad_request(f(field) + ": expected an integer, got " + std::string(json_kind(*v)));
  }
  if (n < min || n > max)
    throw bad_request(f(field) + ": must be between " + std::to_string(min) + " and " +
                      std::to_string(max));
  return n;
}

std::int64_t Fields::integer(std::string_view field, std::int64_t min, std::int64_t max) const {
  if (!find(field)) throw bad_request(f(field) + " is missing");
  return opt_integer(field, 0, min, max);
}

std::vector<std::string> Fields::strings(std::string_view field, std::size_t max_count) const {
  auto* v = find(field);
  if (!v) throw bad_request(f(field) + " is missing");
  if (!v->is_array())
    throw bad_request(f(field) + ": expected an array of strings, got " +
                      std::string(json_kind(*v)));
  auto& a = v->as_array();
  if (a.empty()) throw bad_request(f(field) + ": must not be empty");
  if (a.size() > max_count)
    throw bad_request(f(field) + ": more than " + std::to_string(max_count) + " entries");
  std::vector<std::string> out;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto where = f(field) + "[" + std::to_string(i) + "]";
    if (!a[i].is_string())
      throw bad_request(where + ": expected a string, got " + std::string(json_kind(a[i])));
    auto& s = a[i].as_string();
    if (s.empty() || s.size() > 256) throw bad_request(where + ": must be 1 to 256 bytes");
    if (!seen.insert(std::string_view(s)).second)
      throw bad_request(where + ": \"" + std::string(s) + "\" appears twice");
    out.emplace_back(s);
  }
  return out;
}

const json::object& Fields::object(std::string_view field) const {
  auto* v = find(field);
  if (!v) throw bad_request(f(field) + " is missing");
  if (!v->is_object())
    throw bad_request(f(field) + ": expected an object, got " + std::string(json_kind(*v)));
  return v->as_object();
}

std::string reply_ok(const json::value& id, json::object fields) {
  json::object o;
  o.reserve(fields.size() + 2);
  if (!id.is_null()) o["id"] = id;
  o["ok"] = true;
  for (auto& [k, v] : fields) o[k] = std::move(v);
  return json::serialize(o);
}

std::string reply_error(const json::value& id, std::string_view code, std::string_view message,
                        const json::object& details) {
  json::object err{{"code", code}, {"message", message}};
  for (auto& [k, v] : details) err[k] = v;
  json::object o;
  if (!id.is_null()) o["id"] = id;
  o["ok"] = false;
  o["error"] = std::move(err);
  return json::serialize(o);
}

std::string reply_ok_raw(const json::value& id, std::string_view raw_field,
                         std::string_view raw_json, json::object fields) {
  std::string s = reply_ok(id, std::move(fields));
  s.pop_back();  // the closing brace
  s += ",\"";
  s += raw_field;
  s += "\":";
  s += raw_json;
  s += '}';
  return s;
}

}  // namespace sb::core
