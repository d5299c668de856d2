// SPDX-License-Identifier: Apache-2.0
// `sbctl group create|add|remove|leave|info|role`.
#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "print_reply.hpp"
#include "word_list.hpp"

namespace sbctl {

namespace json = sb::client::json;

namespace {

json::array users_from(const Invocation& inv, std::size_t first) {
  json::array users;
  for (std::size_t i = first; i < inv.words.size(); ++i) users.emplace_back(inv.words[i]);
  if (users.empty()) throw CliError(exit_code::usage, "missing USER");
  return users;
}

}  // namespace

int cmd_group(const Invocation& inv, std::ostream& out) {
  const std::string& sub = inv.arg(1, "create|add|remove|leave|info|role");
  json::object fields;
  std::string op = "group." + sub;
  if (sub == "create") {
    fields["name"] = inv.arg(2, "NAME");
    fields["members"] = split_list(inv.option("members").value_or(""));
    if (auto p = inv.option("policy")) fields["policy"] = *p;
  } else if (sub == "add" || sub == "remove") {
    fields["group"] = inv.arg(2, "GROUP");
    fields["users"] = users_from(inv, 3);
  } else if (sub == "leave" || sub == "info") {
    fields["group"] = inv.arg(2, "GROUP");
  } else if (sub == "role") {
    fields["group"] = inv.arg(2, "GROUP");
    fields["user"] = inv.arg(3, "USER");
    const std::string& role = inv.arg(4, "ROLE (admin or member)");
    if (role != "admin" && role != "member")
      throw CliError(exit_code::usage, "ROLE is admin or member");
    fields["role"] = role;
  } else {
    throw CliError(exit_code::usage, "unknown group command: " + sub);
  }
  Connection c(inv);
  print_reply(c.call(op, std::move(fields)), inv.json, out);
  return exit_code::ok;
}

}  // namespace sbctl
