// SPDX-License-Identifier: Apache-2.0
// bots-lua's typed config: where the scripts are and the limits every bot runs under.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <switchboard/config_schema.hpp>

namespace bots_lua {

struct Config {
  std::string dir;
  std::int64_t instruction_budget = 0;
  std::int64_t memory_kib = 0;
  std::int64_t max_failures = 0;
  std::vector<std::string> http_allow;
  std::int64_t http_timeout_ms = 0;
  std::int64_t reload_poll_ms = 0;
  std::int64_t intercept_timeout_ms = 0;

  static sb::ConfigSchema schema() {
    return {
        sb::key_string("dir", "scripts/bots",
                       "Folder whose *.lua files are the bots (relative: to the working "
                       "directory). Each file <name>.lua is the bot account bot:<name>."),
        sb::key_int("instruction_budget", 1000000,
                    "Lua VM instructions one callback (or a script's first run) may use "
                    "before it is stopped with an error.",
                    1000, 1e10),
        sb::key_int("memory_kib", 8192, "Memory cap of one bot's Lua state, in KiB.", 256,
                    1024 * 1024),
        sb::key_int("max_failures", 5,
                    "Consecutive failed callbacks after which a bot is disabled (until its "
                    "script changes).",
                    1, 1000),
        sb::key_strings("http_allow", {},
                        "Hosts sb.http.request may reach: exact names or \"*.example.com\". "
                        "Empty: no HTTP."),
        sb::key_int("http_timeout_ms", 10000,
                    "Default and largest timeout of one sb.http.request, in milliseconds.", 100,
                    60000),
        sb::key_int("reload_poll_ms", 1000,
                    "How often the folder is checked for new, changed and removed scripts; 0: "
                    "never (no hot reload).",
                    0, 3600000),
        sb::key_int("intercept_timeout_ms", 200,
                    "How long a message waits for a bot's sb.intercept verdict before it "
                    "proceeds without it.",
                    10, 5000),
    };
  }
  static Config load(const sb::ConfigView& v) {
    return {v.string("dir"),
            v.integer("instruction_budget"),
            v.integer("memory_kib"),
            v.integer("max_failures"),
            v.strings("http_allow"),
            v.integer("http_timeout_ms"),
            v.integer("reload_poll_ms"),
            v.integer("intercept_timeout_ms")};
  }
};

}  // namespace bots_lua
