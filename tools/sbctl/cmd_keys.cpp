// SPDX-License-Identifier: Apache-2.0
// `sbctl keys upload|bundle`, `sbctl devices list|revoke` and `sbctl raw`.
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "print_reply.hpp"

namespace sbctl {

namespace json = sb::client::json;

namespace {

json::object object_from(const std::string& text, const std::string& what) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) throw CliError(exit_code::usage, what + ": expected a JSON object");
  return std::move(v.as_object());
}

}  // namespace

int cmd_keys(const Invocation& inv, std::ostream& out) {
  const std::string& sub = inv.arg(1, "upload|bundle");
  json::object fields;
  if (sub == "upload" && inv.words.size() <= 2) {
    // This device's own keys: a fresh batch of one-time prekeys beside its identity.
    Connection c(inv);
    try {
      auto held = c.messenger().upload_keys();
      print_reply(sb::client::Reply{"", true, {{"one_time_prekeys", held}}, "", ""}, inv.json, out);
    } catch (const sb::client::Error& e) {
      throw CliError(exit_code_for(e), "keys upload: " + e.code() + " (" + e.what() + ")");
    }
    return exit_code::ok;
  }
  if (sub == "upload") {
    std::ifstream in(inv.words[2]);
    if (!in) throw CliError(exit_code::usage, "cannot read " + inv.words[2]);
    std::stringstream ss;
    ss << in.rdbuf();
    fields = object_from(ss.str(), inv.words[2]);
  } else if (sub == "bundle") {
    fields["user"] = inv.arg(2, "USER");
  } else {
    throw CliError(exit_code::usage, "unknown keys command: " + sub);
  }
  Connection c(inv);
  print_reply(c.call("keys." + sub, std::move(fields)), inv.json, out);
  return exit_code::ok;
}

int cmd_devices(const Invocation& inv, std::ostream& out) {
  const std::string& sub = inv.arg(1, "list|revoke");
  json::object fields;
  if (sub == "revoke")
    fields["device"] = inv.arg(2, "DEVICE");
  else if (sub != "list")
    throw CliError(exit_code::usage, "unknown devices command: " + sub);
  Connection c(inv);
  print_reply(c.call("devices." + sub, std::move(fields)), inv.json, out);
  return exit_code::ok;
}

int cmd_raw(const Invocation& inv, std::ostream& out) {
  const std::string& op = inv.arg(1, "OP");
  json::object fields = inv.words.size() > 2 ? object_from(inv.words[2], "JSON") : json::object{};
  Connection c(inv);
  print_reply(c.call(op, std::move(fields)), inv.json, out);
  return exit_code::ok;
}

}  // namespace sbctl
