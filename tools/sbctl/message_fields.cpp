// SPDX-License-Identifier: Apache-2.0
// See message_fields.hpp.
#include "message_fields.hpp"

#include <random>

#include "cli.hpp"
#include "connection.hpp"
#include "errors.hpp"

namespace sbctl {

sb::client::json::object recipient(const std::string& target) {
  if (target.starts_with("group:")) return {{"group", target.substr(6)}};
  return {{"user", target}};
}

std::string random_client_msg_id() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string id = "sbctl-";
  for (int i = 0; i < 20; ++i) id += "0123456789abcdef"[hex(rd)];
  return id;
}

sb::client::Reply send_body(Connection& c, const Invocation& inv, const std::string& target,
                            const sb::client::json::object& body,
                            const sb::client::json::array& media) {
  namespace client = sb::client;
  auto id = random_client_msg_id();
  if (inv.flag("plain")) {
    client::json::object fields{
        {"to", recipient(target)}, {"client_msg_id", id}, {"enc", "none"}, {"body", body}};
    if (!media.empty()) fields["media"] = media;
    return c.call("send", std::move(fields));
  }
  try {
    return c.messenger().send(recipient(target), body, id, media);
  } catch (const client::Error& e) {
    int code = exit_code_for(e);
    std::string hint = e.code() == "no_keys" ? " (--plain sends it unencrypted)" : "";
    throw CliError(code, "send refused: " + e.code() + " (" + e.what() + ")" + hint);
  }
}

}  // namespace sbctl
