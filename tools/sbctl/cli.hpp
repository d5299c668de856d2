// SPDX-License-Identifier: Apache-2.0
// sbctl's command line: global options, the command words and their options. Pure parsing:
// no I/O, so it is tested on its own.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sbctl {

struct Invocation {
  std::string server;  // empty: the profile's, else http://127.0.0.1:8080
  std::string ca;      // --ca: a PEM CA file for https/wss; empty: the profile's, else the system's
  std::string profile = "default";
  std::string transport = "ws";  // ws | lp
  bool json = false;
  bool help = false;
  std::vector<std::string> words;              // the command and its positional arguments
  std::map<std::string, std::string> options;  // --code, --device-name, --count, ...
  std::set<std::string> flags;                 // --plain

  bool flag(const std::string& name) const { return flags.contains(name); }
  std::optional<std::string> option(const std::string& name) const;
  // The positional argument `i` (after the command words), or a usage error naming `what`.
  const std::string& arg(std::size_t i, const char* what) const;
};

// Throws CliError(usage) for unknown options or missing values.
Invocation parse_command_line(const std::vector<std::string>& argv);

extern const char* const kHelp;

}  // namespace sbctl
