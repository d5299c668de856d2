// SPDX-License-Identifier: Apache-2.0
// See output.hpp.
#include "output.hpp"

namespace sbctl {

namespace json = sb::client::json;

namespace {

std::string str(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v) return {};
  if (v->is_string()) return std::string(v->get_string());
  return json::serialize(*v);
}

}  // namespace

std::string body_text(const json::value& body) {
  if (body.is_string()) return std::string(body.get_string());
  if (!body.is_object()) return json::serialize(body);
  auto& o = body.get_object();
  auto* t = o.if_contains("text");
  auto* file = o.if_contains("file");
  if (!file || !file->is_object())
    return t && t->is_string() ? std::string(t->get_string()) : json::serialize(body);
  // A file message: what it is, never its key.
  auto& f = file->get_object();
  std::string out =
      "[file " + str(f, "name") + ", " + str(f, "size") + " bytes, " + str(f, "type") + "]";
  if (t && t->is_string()) out = std::string(t->get_string()) + " " + out;
  return out;
}

std::string describe_event(const sb::client::Event& e) {
  auto& f = e.fields;
  if (e.ev == "message") {
    std::string from;
    if (auto* fr = f.if_contains("from"); fr && fr->is_object())
      from = str(fr->get_object(), "user");
    std::string body = f.contains("body") ? body_text(f.at("body"))
                       : f.contains("undecryptable")
                           ? "(cannot decrypt: " + str(f, "undecryptable") + ")"
                           : "(no body)";
    // End-to-end encryption is the default: the exception is marked.
    if (str(f, "enc") != "e2ee" && f.contains("body")) body += "  (not end-to-end encrypted)";
    return "[" + str(f, "chat") + " #" + str(f, "seq") + "] " + from + ": " + body;
  }
  if (e.ev == "receipt") {
    std::string what = f.contains("msg_id") ? str(f, "msg_id") : "up to #" + str(f, "upto_seq");
    // A coalesced delivered receipt covers `count` messages up to its msg_id.
    if (auto* n = f.if_contains("count"); n && n->is_int64() && n->as_int64() > 1)
      what += " and " + std::to_string(n->as_int64() - 1) + " before it";
    // In a group, one delivered receipt covers every member in `by_users`.
    std::string by = str(f, "by");
    if (auto* all = f.if_contains("by_users");
        all && all->is_array() && !all->get_array().empty()) {
      by.clear();
      for (auto& u : all->get_array())
        by += (by.empty() ? "" : ", ") +
              (u.is_string() ? std::string(u.get_string()) : json::serialize(u));
    }
    return str(f, "type") + " [" + str(f, "chat") + "] " + what + " by " + by;
  }
  if (e.ev == "group")
    return "group " + str(f, "type") + " [" + str(f, "chat") + "] by " + str(f, "by") + " " +
           json::serialize(f);
  return e.ev + " " + json::serialize(f);
}

}  // namespace sbctl
