// SPDX-License-Identifier: Apache-2.0
// `sbctl status post|feed|view|mine|delete`: status posts (stories).
#include <ostream>

#include <switchboard/client/social_requests.hpp>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "print_reply.hpp"
#include "word_list.hpp"

namespace sbctl {

namespace json = sb::client::json;

namespace {

std::string text_of(const json::object& s) {
  if (auto* t = s.if_contains("text")) return std::string(t->as_string());
  if (auto* m = s.if_contains("media")) return "[media " + std::string(m->as_string()) + "]";
  return {};
}

// One line per post: "u_1 (s_2): text".
void print_posts(const sb::client::Reply& r, bool as_json, std::ostream& out) {
  if (as_json) {
    print_reply(r, true, out);
    return;
  }
  auto& list = r.fields.at("statuses").as_array();
  if (list.empty()) out << "no status posts\n";
  for (auto& v : list) {
    auto& s = v.as_object();
    out << std::string(s.at("user").as_string()) << " (" << std::string(s.at("status").as_string())
        << "): " << text_of(s);
    if (auto* views = s.if_contains("views")) out << "  [" << views->as_array().size() << " views]";
    out << "\n";
  }
}

}  // namespace

int cmd_status(const Invocation& inv, std::ostream& out) {
  const std::string& sub = inv.arg(1, "post|feed|view|mine|delete");
  if (sub == "post") {
    sb::client::StatusPostRequest req;
    if (auto m = inv.option("media")) {
      req.media = *m;
    } else {
      for (std::size_t i = 2; i < inv.words.size(); ++i)
        req.text += (req.text.empty() ? "" : " ") + inv.words[i];
      if (req.text.empty()) throw CliError(exit_code::usage, "missing TEXT (or --media ID)");
    }
    req.privacy = inv.option("privacy").value_or("contacts");
    for (auto& u : split_list(inv.option("users").value_or("")))
      req.users.emplace_back(u.as_string());
    Connection c(inv);
    print_reply(c.call("status.post", sb::client::status_post_fields(req)), inv.json, out);
  } else if (sub == "feed" || sub == "mine") {
    Connection c(inv);
    print_posts(c.call("status." + sub), inv.json, out);
  } else if (sub == "view" || sub == "delete") {
    Connection c(inv);
    print_reply(c.call("status." + sub, {{"status", inv.arg(2, "STATUS")}}), inv.json, out);
  } else {
    throw CliError(exit_code::usage, "unknown status command: " + sub);
  }
  return exit_code::ok;
}

}  // namespace sbctl
