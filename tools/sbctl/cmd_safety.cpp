// SPDX-License-Identifier: Apache-2.0
// `sbctl safety-number USER`: the 60 digits both people see when the keys between them are
// the real ones (docs/e2ee.md); compared aloud or side by side, they detect a server that
// handed out keys of its own.
#include <ostream>

#include "commands.hpp"
#include "connection.hpp"
#include "errors.hpp"

namespace sbctl {

namespace client = sb::client;
namespace json = client::json;

int cmd_safety_number(const Invocation& inv, std::ostream& out) {
  const std::string& user = inv.arg(1, "USER");
  Connection c(inv);
  client::SafetyNumber n;
  try {
    n = c.messenger().safety_number(user);
  } catch (const client::Error& e) {
    throw CliError(exit_code_for(e), "safety-number: " + e.code() + " (" + e.what() + ")");
  }
  if (inv.json) {
    json::array changed;
    for (auto& d : n.changed) changed.emplace_back(d);
    out << json::serialize(json::object{
               {"user", user}, {"safety_number", n.digits}, {"changed", std::move(changed)}})
        << "\n";
    return exit_code::ok;
  }
  out << "safety number with " << user << ":\n  " << client::format_safety_number(n.digits)
      << "\ncompare it with theirs (`sbctl safety-number " << c.profile().user_id
      << "` on their side): equal numbers mean no one stands between you\n";
  for (auto& d : n.changed)
    out << "note: the identity key of " << d
        << " is not the one this device saw before (a new install, or keys that are not "
           "theirs)\n";
  return exit_code::ok;
}

}  // namespace sbctl
