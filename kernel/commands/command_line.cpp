// SPDX-License-Identifier: Apache-2.0
// Argument parsing for `switchboard`. Hand-written: a handful of flags does not justify a
// dependency, and every error message here is written for the operator.
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "kernel/commands/commands.hpp"

namespace sb::kernel {

std::string usage() {
  return "usage: switchboard [command] [options]\n"
         "\n"
         "commands:\n"
         "  run              start the server (the default)\n"
         "  check            validate the config and every plugin it names; exit 0 when valid\n"
         "  wiring           print the event bus graph: event -> handlers in order\n"
         "  events           print every event and its fields\n"
         "  abi-fingerprint  print the SDK ABI fingerprint of a header tree (sdk/abi.lock)\n"
         "  migrate-store    copy every record from one deployment's store into another's\n"
         "                   (e.g. SQLite to PostgreSQL), then check the copy\n"
         "  ban USER|PHONE   ban a user on the running server (closes their connections)\n"
         "  unban USER|PHONE lift a ban\n"
         "  admin add NAME [--role owner|operator|viewer] [--password-stdin]\n"
         "                   add an admin account (prints a generated password once)\n"
         "  admin list | admin remove NAME | admin passwd NAME [--password-stdin]\n"
         "  version          print the version and SDK ABI\n"
         "\n"
         "options:\n"
         "  --config FILE    config file (default $SB_CONFIG, else config/switchboard.toml)\n"
         "  --json           machine-readable output (wiring, events)\n"
         "  --sdk DIR        header tree for abi-fingerprint (default sdk/include/switchboard)\n"
         "  --from FILE      migrate-store: the config whose store is copied\n"
         "  --to FILE        migrate-store: the config whose store receives it (must be empty)\n"
         "  --batch N        migrate-store: records per transaction (default 5000)\n"
         "\n"
         "Every config key can be overridden by SB_<SECTION>__<KEY>, e.g.\n"
         "SB_SERVER__LISTEN=127.0.0.1:18080.\n";
}

CommandLine parse_command_line(int argc, char** argv) {
  CommandLine cmd;
  int i = 1;
  if (i < argc && argv[i][0] != '-') cmd.command = argv[i++];
  static const char* known[] = {"run",     "check", "wiring",        "events", "abi-fingerprint",
                                "version", "help",  "migrate-store", "ban",    "unban", "admin"};
  bool ok = false;
  for (auto* k : known) ok = ok || cmd.command == k;
  if (!ok) throw std::invalid_argument("unknown command \"" + cmd.command + "\"");
  for (; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(flag) + " needs a value");
      return std::string(argv[++i]);
    };
    if (a == "--config" || a == "-c")
      cmd.config_path = value("--config");
    else if (a.rfind("--config=", 0) == 0)
      cmd.config_path = a.substr(9);
    else if (a == "--json")
      cmd.json = true;
    else if (a == "--sdk")
      cmd.sdk_dir = value("--sdk");
    else if (a == "--from")
      cmd.from_config = value("--from");
    else if (a == "--to")
      cmd.to_config = value("--to");
    else if (a == "--batch") {
      auto v = value("--batch");
      std::size_t used = 0;
      long n = 0;
      try {
        n = std::stol(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != v.size() || n < 1)
        throw std::invalid_argument("--batch needs a positive number, not \"" + v + "\"");
      cmd.batch_rows = static_cast<std::size_t>(n);
    } else if (a == "--help" || a == "-h")
      cmd.command = "help";
    else if (cmd.command == "admin" && a == "--role")
      cmd.role = value("--role");
    else if (cmd.command == "admin" && a == "--password-stdin")
      cmd.password_stdin = true;
    else if ((cmd.command == "ban" || cmd.command == "unban" || cmd.command == "admin") &&
             !a.starts_with("-"))
      cmd.rest.push_back(a);
    else
      throw std::invalid_argument("unknown option \"" + a + "\"");
  }
  return cmd;
}

std::string resolve_config_path(const CommandLine& cmd) {
  if (!cmd.config_path.empty()) return cmd.config_path;
  if (const char* env = std::getenv("SB_CONFIG"); env && *env) return env;
  return "config/switchboard.toml";
}

std::vector<std::string> default_plugin_dirs() {
  namespace fs = std::filesystem;
  std::vector<std::string> dirs;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back((exe.parent_path().parent_path() / "plugins").string());
    dirs.push_back((exe.parent_path().parent_path() / "lib" / "switchboard" / "plugins").string());
  }
  return dirs;
}

}  // namespace sb::kernel
