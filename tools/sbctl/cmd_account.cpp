// SPDX-License-Identifier: Apache-2.0
// `sbctl request-code`, `sbctl register` (phone login, saved to the profile) and `sbctl whoami`.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include <switchboard/client/http_api.hpp>
#include <switchboard/client/url.hpp>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"

namespace sbctl {

namespace client = sb::client;
namespace json = client::json;

namespace {

std::string default_device_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || !*host) return "sbctl";
  return std::string("sbctl@") + host;
}

// The new device's identity and prekeys (the connection makes and uploads them). A server
// that cannot be reached for messaging now is not a failed login: the next command that
// connects uploads them.
bool upload_keys(const Invocation& inv) {
  try {
    Connection c(inv);
    return c.keys_problem().empty();
  } catch (const CliError& e) {
    std::cerr << "sbctl: logged in, but the end-to-end encryption keys are not uploaded yet ("
              << e.what() << "); the next command that connects uploads them\n";
    return false;
  }
}

}  // namespace

int cmd_request_code(const Invocation& inv, std::ostream& out) {
  const std::string& phone = inv.arg(1, "PHONE (e.g. +15551230001)");
  auto endpoint = endpoint_for(inv, load_profile(inv.profile));
  try {
    auto answer = client::http_call(endpoint, "POST", "/v1/auth/request-code",
                                    json::serialize(json::object{{"phone", phone}}));
    client::throw_unless_ok(answer);
    std::int64_t expires_in = 0;
    boost::system::error_code ec;
    auto doc = json::parse(answer.body, ec);
    if (!ec && doc.is_object())
      if (auto* e = doc.as_object().if_contains("expires_in"); e && e->is_int64())
        expires_in = e->as_int64();
    if (inv.json)
      out << json::serialize(json::object{{"phone", phone}, {"expires_in", expires_in}}) << "\n";
    else
      out << "code sent to " << phone << " (valid " << expires_in
          << " s); log in with `sbctl register " << phone << " --code CODE`\n";
    return exit_code::ok;
  } catch (const client::Error& e) {
    throw CliError(exit_code_for(e), std::string("request-code: ") + e.what());
  }
}

int cmd_register(const Invocation& inv, std::ostream& out) {
  const std::string& phone = inv.arg(1, "PHONE (e.g. +15551230001)");
  auto profile = load_profile(inv.profile);
  std::string server = server_for(inv, profile);
  auto endpoint = endpoint_for(inv, profile);
  try {
    client::AuthApi auth(endpoint);
    std::string code;
    if (auto c = inv.option("code")) {
      // The code the user already received: asking for another would replace it.
      code = *c;
    } else {
      auth.request_code(phone);
      std::cerr << "code sent to " << phone << "; enter it: " << std::flush;
      if (!std::getline(std::cin, code) || code.empty())
        throw CliError(exit_code::usage, "no code entered");
    }
    auto t = auth.verify(phone, code, inv.option("device-name").value_or(default_device_name()));
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    save_profile(inv.profile, {server, phone, t.user_id, t.device_id, t.access_token,
                               t.refresh_token, now + t.expires_in, endpoint.ca_file});
    bool keys = upload_keys(inv);
    if (inv.json)
      out << json::serialize(json::object{
                 {"user_id", t.user_id}, {"device_id", t.device_id}, {"keys_uploaded", keys}})
          << "\n";
    else
      out << "logged in as " << t.user_id << " (device " << t.device_id << "), profile '"
          << inv.profile << "'" << (keys ? "; end-to-end encryption keys uploaded" : "") << "\n";
    return exit_code::ok;
  } catch (const client::Error& e) {
    int code = exit_code_for(e);
    if (code == exit_code::not_logged_in) code = exit_code::refused;  // a wrong code
    throw CliError(code, std::string("register: ") + e.what());
  }
}

int cmd_whoami(const Invocation& inv, std::ostream& out) {
  auto p = load_profile(inv.profile);
  if (!p) throw CliError(exit_code::not_logged_in, "not logged in (profile '" + inv.profile + "')");
  if (inv.json)
    out << json::serialize(json::object{{"user_id", p->user_id},
                                        {"device_id", p->device_id},
                                        {"phone", p->phone},
                                        {"server", p->server},
                                        {"ca", p->ca}})
        << "\n";
  else
    out << p->user_id << " (device " << p->device_id << ", " << p->phone << ") on " << p->server
        << "\n";
  return exit_code::ok;
}

}  // namespace sbctl
