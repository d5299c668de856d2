// SPDX-License-Identifier: Apache-2.0
// See cli.hpp. Options may appear anywhere after `sbctl`, as `--name value` or `--name=value`.
#include "cli.hpp"

#include <set>

#include "errors.hpp"

namespace sbctl {

const char* const kHelp = R"(sbctl: the Switchboard command-line client

usage: sbctl [--server URL] [--ca FILE] [--profile NAME] [--transport ws|lp] [--json] COMMAND ...

Messages are end-to-end encrypted (Signal protocol, docs/e2ee.md): only the devices of the
people in the chat can read them, not the server. --plain sends one unencrypted (bots read
only those).

  request-code PHONE                            have the server text a login code to PHONE
  register PHONE [--code C] [--device-name N]   log in: with --code, verifies C (from
                                                request-code or a fixed test number) and asks
                                                for nothing; without, requests a code and
                                                reads it from standard input; makes and
                                                uploads this device's encryption keys
  whoami                                        the profile's user and device
  send USER|group:ID TEXT... [--plain]          send a text message
  send-file USER|group:ID PATH [--type MIME] [--caption TEXT] [--plain]
                                                encrypt PATH with a fresh key (AES-256-GCM),
                                                upload it and send its id and key (inside
                                                the encrypted body)
  get-file MSG PATH                             fetch the file message MSG (CHAT/SEQ, as
                                                send-file prints it) into PATH, decrypted
  listen [--count N] [--timeout S]              print messages (decrypted) and receipts as they
                                                arrive (acked); stop after N messages or S
                                                seconds; one that cannot be decrypted says so
  safety-number USER                            the 60 digits to compare with USER's: equal on
                                                both sides when no one stands between you
  read CHAT SEQ                                 mark a chat read up to SEQ (read receipts)
  group create NAME [--members U1,U2] [--policy P]
  group add|remove GROUP USER...
  group leave|info GROUP
  group role GROUP USER admin|member
  keys upload [FILE]                            a fresh batch of this device's one-time
                                                prekeys; FILE: raw keys.upload JSON instead
                                                (replaces this device's keys: for testing)
  keys bundle USER
  devices list
  devices revoke DEVICE
  status post TEXT... [--privacy contacts|contacts_except|only] [--users U1,U2] [--media ID]
                                                post a status (24 hours)
  status feed|mine                              others' current posts I may see; my own with views
  status view|delete STATUS                     mark a post seen (tells the poster); delete my own
  profile set [--name N] [--about A] [--avatar MEDIA] [--about-privacy P] [--avatar-privacy P]
                                                P: everyone, contacts or nobody; "" clears
  profile get USER                              a profile as its owner lets me see it
  chats                                         my chats and groups, newest first, with unread counts
  raw OP [JSON]                                 any protocol operation; prints the reply

options:
  --server URL      default: the profile's server, else http://127.0.0.1:8080;
                    https://host[:port] (or wss://) connects with TLS, verifying the server's
                    certificate and name against the system's CA store
  --ca FILE         trust the CA certificates in FILE (PEM) instead of the system's; kept
                    in the profile by register
  --profile NAME    login state in $XDG_CONFIG_HOME/sbctl/NAME.json
                    (default ~/.config/sbctl/default.json), encryption keys and sessions
                    beside it in NAME.signal.db
  --transport T     ws (WebSocket, default) or lp (HTTP long-poll)
  --json            machine-readable output: one JSON object per line
  --plain           send without end-to-end encryption (enc "none")

exit codes:
  0 ok   1 unexpected failure   2 bad command line   3 server unreachable
  4 not logged in (or the login was refused)   5 refused by the server   6 timed out
)";

namespace {

const std::set<std::string> kValued = {
    "server",  "ca",      "profile",       "transport",      "code",  "device-name", "count",
    "timeout", "members", "policy",        "privacy",        "users", "media",       "name",
    "about",   "avatar",  "about-privacy", "avatar-privacy", "type",  "caption"};
const std::set<std::string> kFlags = {"json", "help", "plain"};

}  // namespace

std::optional<std::string> Invocation::option(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

const std::string& Invocation::arg(std::size_t i, const char* what) const {
  if (i >= words.size()) throw CliError(exit_code::usage, std::string("missing ") + what);
  return words[i];
}

Invocation parse_command_line(const std::vector<std::string>& argv) {
  Invocation inv;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-h") {
      inv.help = true;
      continue;
    }
    if (a == "--") {
      inv.words.insert(inv.words.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
      break;
    }
    if (!a.starts_with("--") || a.size() == 2) {
      inv.words.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (kFlags.count(name)) {
      if (has_value) throw CliError(exit_code::usage, "--" + name + " takes no value");
      if (name == "json") inv.json = true;
      if (name == "help") inv.help = true;
      inv.flags.insert(name);
      continue;
    }
    if (!kValued.count(name)) throw CliError(exit_code::usage, "unknown option --" + name);
    if (!has_value) {
      if (i + 1 >= argv.size()) throw CliError(exit_code::usage, "--" + name + " needs a value");
      value = argv[++i];
    }
    if (name == "server")
      inv.server = value;
    else if (name == "ca")
      inv.ca = value;
    else if (name == "profile")
      inv.profile = value;
    else if (name == "transport")
      inv.transport = value;
    else
      inv.options[name] = value;
  }
  if (inv.transport != "ws" && inv.transport != "lp")
    throw CliError(exit_code::usage, "--transport is ws or lp");
  if (inv.profile.empty() ||
      inv.profile.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "0123456789_.-") != std::string::npos ||
      inv.profile[0] == '.')
    throw CliError(exit_code::usage, "--profile: letters, digits, '_', '.' and '-' only");
  return inv;
}

}  // namespace sbctl
