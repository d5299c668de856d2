// SPDX-License-Identifier: Apache-2.0
// `switchboard ban|unban <user id | +phone>`: asks the running server (over loopback, in HTTP
// or, when its listener is TLS-only, HTTPS; with the admin token derived from its data dir's
// signing key) to ban a user, which also closes the user's live connections at once. The
// server must run: only it can close them.
#include <iostream>

#include <switchboard/json.hpp>

#include "kernel/commands/admin_client.hpp"
#include "kernel/commands/commands.hpp"
#include "kernel/core/access_tokens.hpp"
#include "kernel/core/core.hpp"
#include "kernel/host/config.hpp"

namespace sb::kernel {

int ban_user(const CommandLine& cmd) {
  bool banned = cmd.command == "ban";
  if (cmd.rest.size() != 1) {
    std::cerr << "usage: switchboard " << cmd.command << " <user id | +phone> [--config FILE]\n";
    return 2;
  }
  const std::string& who = cmd.rest[0];
  try {
    EnvOverrides env = EnvOverrides::from_process();
    auto config = load_config(resolve_config_path(cmd), env);
    auto key = core::AccessTokens::load_or_create_key(config.server.data_dir);
    json::object body{{who.starts_with("+") ? "phone" : "user", who}, {"banned", banned}};
    auto res = post_to_running_server(config.server, "/v1/admin/ban", json::serialize(body),
                                      core::Core::admin_token(key));
    if (res.status == 200) {
      std::cout << (banned ? "banned " : "unbanned ") << who << "\n";
      return 0;
    }
    std::cerr << cmd.command << " " << who << ": refused (" << res.status << "): " << res.body
              << "\n";
    return 1;
  } catch (const ServerUnreachable& e) {
    std::cerr << cmd.command << ": " << e.what()
              << "; it must be running, since it closes the user's connections\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << cmd.command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sb::kernel
