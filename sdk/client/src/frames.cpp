// SPDX-License-Identifier: Apache-2.0
// Encoding requests and telling replies from events (see frames.hpp).
#include <switchboard/client/frames.hpp>

namespace sb::client {

Reply Reply::failure(std::string id, std::string code, std::string message) {
  Reply r;
  r.id = std::move(id);
  r.ok = false;
  r.error_code = std::move(code);
  r.error_message = std::move(message);
  return r;
}

std::string encode_request(std::string_view id, std::string_view op, json::object fields) {
  json::object frame;
  frame.reserve(fields.size() + 2);
  if (!id.empty()) frame["id"] = id;
  frame["op"] = op;
  for (auto& [k, v] : fields)
    if (k != "id" && k != "op") frame[k] = std::move(v);
  return json::serialize(frame);
}

namespace {

std::string string_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::optional<std::variant<Reply, Event>> decode_frame(std::string_view text) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  auto& o = value.as_object();
  if (auto* ev = o.if_contains("ev"); ev && ev->is_string()) {
    Event e;
    e.ev = std::string(ev->get_string());
    if (auto* c = o.if_contains("cursor"); c && c->is_int64()) e.cursor = c->get_int64();
    if (auto* c = o.if_contains("cursor"); c && c->is_uint64())
      e.cursor = static_cast<std::int64_t>(c->get_uint64());
    e.fields = std::move(o);
    return e;
  }
  auto* ok = o.if_contains("ok");
  if (!ok || !ok->is_bool()) return std::nullopt;
  Reply r;
  r.id = string_field(o, "id");
  r.ok = ok->get_bool();
  if (!r.ok) {
    if (auto* err = o.if_contains("error"); err && err->is_object()) {
      r.error_code = string_field(err->get_object(), "code");
      r.error_message = string_field(err->get_object(), "message");
    }
    if (r.error_code.empty()) r.error_code = "internal";
  }
  r.fields = std::move(o);
  return r;
}

}  // namespace sb::client
