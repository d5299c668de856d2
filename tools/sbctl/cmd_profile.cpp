// SPDX-License-Identifier: Apache-2.0
// `sbctl profile set|get` and `sbctl chats`: one's profile, others' as they may see it, and
// the chat list.
#include <ostream>

#include <switchboard/client/social_requests.hpp>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "print_reply.hpp"

namespace sbctl {

namespace json = sb::client::json;

int cmd_profile(const Invocation& inv, std::ostream& out) {
  const std::string& sub = inv.arg(1, "set|get");
  if (sub == "set") {
    sb::client::ProfileChange change;
    change.display_name = inv.option("name");
    change.about = inv.option("about");
    change.avatar = inv.option("avatar");
    change.about_privacy = inv.option("about-privacy");
    change.avatar_privacy = inv.option("avatar-privacy");
    auto fields = sb::client::profile_set_fields(change);
    if (fields.empty())
      throw CliError(exit_code::usage,
                     "give --name, --about, --avatar, --about-privacy or --avatar-privacy");
    Connection c(inv);
    print_reply(c.call("profile.set", std::move(fields)), inv.json, out);
  } else if (sub == "get") {
    Connection c(inv);
    print_reply(c.call("profile.get", {{"user", inv.arg(2, "USER")}}), inv.json, out);
  } else {
    throw CliError(exit_code::usage, "unknown profile command: " + sub);
  }
  return exit_code::ok;
}

// One line per chat, newest first: "Bob (d:u_1:u_2) unread 2, last from u_2".
int cmd_chats(const Invocation& inv, std::ostream& out) {
  Connection c(inv);
  auto r = c.call("chats.list");
  if (inv.json) {
    print_reply(r, true, out);
    return exit_code::ok;
  }
  auto& list = r.fields.at("chats").as_array();
  if (list.empty()) out << "no chats\n";
  for (auto& v : list) {
    auto& chat = v.as_object();
    std::string name(chat.at("name").as_string());
    out << (name.empty() ? "(no name)" : name) << " (" << std::string(chat.at("chat").as_string())
        << ") unread " << json::serialize(chat.at("unread"));
    if (auto* last = chat.if_contains("last"))
      out << ", last from " << std::string(last->at("from").as_string());
    out << "\n";
  }
  return exit_code::ok;
}

}  // namespace sbctl
