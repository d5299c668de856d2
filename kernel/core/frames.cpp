// SPDX-License-Identifier: Apache-2.0
// See frames.hpp. Frames are built as text around the raw body so that a 64 KiB payload is
// copied, not parsed and re-serialized, for every recipient.
#include "kernel/core/frames.hpp"

namespace sb::core {

namespace {

void add_raw(std::string& s, std::string_view key, std::string_view raw) {
  s += ",\"";
  s += key;
  s += "\":";
  s += raw.empty() ? std::string_view("null") : raw;
}

void add(std::string& s, std::string_view key, const json::value& v) {
  add_raw(s, key, json::serialize(v));
}

}  // namespace

std::string inbox_event(const InboxEntry& e) {
  if (e.kind == "receipt" || e.kind == "group") return with_cursor(e.payload, e.cursor);
  std::string s;
  s.reserve(e.body.size() + 200);
  // System messages (group changes) are group events placed in the chat's sequence.
  bool system = e.kind == "system";
  s += system ? "{\"ev\":\"group\"" : "{\"ev\":\"message\"";
  add(s, "cursor", e.cursor);
  add(s, "msg_id", json::string(e.msg_id));
  add(s, "chat", json::string(e.chat));
  add(s, "seq", e.seq);
  if (system) {
    // The body is the change itself: {"type","group","by",...}; splice its fields in.
    std::string_view b = e.body;
    if (b.size() > 2 && b.front() == '{') {
      s += ',';
      s.append(b.substr(1, b.size() - 2));
    }
  } else {
    s += ",\"from\":";
    s += json::serialize(json::object{{"user", e.sender_user}, {"device", e.sender_device}});
    add(s, "enc", json::string(e.enc));
    if (e.kind != "message") add(s, "kind", json::string(e.kind));
    add_raw(s, "body", e.body);
  }
  add(s, "ts", e.ts);
  s += '}';
  return s;
}

std::string history_item(const StoredMessage& m) {
  std::string s = "{\"msg_id\":" + json::serialize(json::string(m.msg_id));
  add(s, "chat", json::string(m.chat));
  add(s, "seq", m.seq);
  add(s, "kind", json::string(m.kind));
  if (!m.sender_user.empty())
    s += ",\"from\":" +
         json::serialize(json::object{{"user", m.sender_user}, {"device", m.sender_device}});
  add(s, "ts", m.ts);
  add(s, "enc", json::string(m.enc));
  add_raw(s, "body", m.body);
  s += '}';
  return s;
}

std::string with_cursor(std::string_view payload, std::int64_t cursor) {
  std::string s(payload);
  if (s.empty() || s.back() != '}') return s;
  s.pop_back();
  s += ",\"cursor\":" + std::to_string(cursor) + "}";
  return s;
}

std::string receipt_payload(std::string_view type, std::string_view chat, std::string_view msg_id,
                            std::int64_t upto_seq, std::string_view by, std::int64_t ts,
                            std::int64_t count) {
  json::object o{{"ev", "receipt"}, {"type", type}, {"chat", chat}};
  if (!msg_id.empty()) o["msg_id"] = msg_id;
  if (upto_seq > 0) o["upto_seq"] = upto_seq;
  if (count > 0) o["count"] = count;
  o["by"] = by;
  o["ts"] = ts;
  return json::serialize(o);
}

std::string typing_event(std::string_view chat, std::string_view user, std::string_view state) {
  return json::serialize(
      json::object{{"ev", "typing"}, {"chat", chat}, {"user", user}, {"state", state}});
}

std::string keys_low_event(std::int64_t remaining) {
  return json::serialize(json::object{{"ev", "keys.low"}, {"remaining", remaining}});
}

std::string revoked_event(std::string_view reason) {
  return json::serialize(json::object{{"ev", "session.revoked"}, {"reason", reason}});
}

std::string direct_chat(const std::string& a, const std::string& b) {
  return a < b ? "d:" + a + ":" + b : "d:" + b + ":" + a;
}

std::string group_chat(const std::string& group) {
  return "g:" + group;
}

std::string direct_peer(std::string_view chat, std::string_view user) {
  if (!chat.starts_with("d:")) return {};
  auto rest = chat.substr(2);
  // Ids may contain ':' ("bot:echo"), so match the known party at either end.
  if (rest.size() > user.size() && rest.starts_with(user) && rest[user.size()] == ':') {
    auto peer = std::string(rest.substr(user.size() + 1));
    if (direct_chat(std::string(user), peer) == chat) return peer;
  }
  if (rest.size() > user.size() && rest.ends_with(user) &&
      rest[rest.size() - user.size() - 1] == ':') {
    auto peer = std::string(rest.substr(0, rest.size() - user.size() - 1));
    if (direct_chat(std::string(user), peer) == chat) return peer;
  }
  return {};
}

std::string chat_group(std::string_view chat) {
  return chat.starts_with("g:") ? std::string(chat.substr(2)) : std::string();
}

}  // namespace sb::core
