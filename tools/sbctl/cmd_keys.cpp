// SPDX-License-Identifier: Apache-2.0
// `sbctl keys upload|bundle`, `sbctl devices list|revoke` and `sbctl raw`.
#include <fstream>
#include <random>
#include <sstream>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"
#include "print_reply.hpp"

namespace sbctl {

namespace json = sb::client::json;

namespace {

// 32 random bytes, base64: placeholder key material for trying the key service out (sbctl
// itself sends unencrypted messages and holds no private key).
std::string random_key() {
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::random_device rd;
  std::string out;
  for (int i = 0; i < 43; ++i) out += b64[rd() % 64];
  return out + "=";
}

json::object generated_keys() {
  json::array one_time;
  for (int i = 1; i <= 10; ++i) one_time.push_back(json::object{{"id", i}, {"key", random_key()}});
  return {{"identity_key", random_key()},
          {"signed_prekey", {{"id", 1}, {"key", random_key()}, {"sig", random_key()}}},
          {"one_time_prekeys", std::move(one_time)}};
}

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
  if (sub == "upload") {
    if (inv.words.size() > 2) {
      std::ifstream in(inv.words[2]);
      if (!in) throw CliError(exit_code::usage, "cannot read " + inv.words[2]);
      std::stringstream ss;
      ss << in.rdbuf();
      fields = object_from(ss.str(), inv.words[2]);
    } else {
      fields = generated_keys();
    }
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
