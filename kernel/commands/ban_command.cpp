// SPDX-License-Identifier: Apache-2.0
// `switchboard ban|unban <user id | +phone>`: asks the running server (over loopback, with the
// admin token derived from its data dir's signing key) to ban a user, which also closes the
// user's live connections at once. The server must run: only it can close them.
#include <fstream>
#include <iostream>
#include <sstream>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <switchboard/json.hpp>

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
    auto listen = config.server.listen;
    auto colon = listen.rfind(':');
    std::string host = listen.substr(0, colon);
    if (host == "0.0.0.0" || host == "::" || host == "[::]" || host.empty()) host = "127.0.0.1";
    auto port = static_cast<Poco::UInt16>(std::stoi(listen.substr(colon + 1)));

    json::object body{{who.starts_with("+") ? "phone" : "user", who}, {"banned", banned}};
    auto text = json::serialize(body);
    Poco::Net::HTTPClientSession session(host, port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/v1/admin/ban",
                               Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(text.size()));
    req.set("Authorization", "Bearer " + core::Core::admin_token(key));
    session.sendRequest(req) << text;
    Poco::Net::HTTPResponse res;
    std::stringstream answer;
    answer << session.receiveResponse(res).rdbuf();
    if (res.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
      std::cout << (banned ? "banned " : "unbanned ") << who << "\n";
      return 0;
    }
    std::cerr << cmd.command << " " << who << ": refused (" << static_cast<int>(res.getStatus())
              << "): " << answer.str() << "\n";
    return 1;
  } catch (const Poco::Exception& e) {
    std::cerr << cmd.command << ": cannot reach the server (" << e.displayText()
              << "); it must be running, since it closes the user's connections\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << cmd.command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sb::kernel
