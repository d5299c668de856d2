// SPDX-License-Identifier: Apache-2.0
// BotControl: what an admin does with scripted bots — list, read and replace a bot's source
// (checked before it is saved), reload, enable, disable, and its recent log lines.
// Provided by bots-lua. Calls may block briefly (file I/O, a bot's queue); any thread but
// an I/O thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

struct BotInfo {
  std::string name{};
  bool enabled = true;
  bool healthy = true;
  std::string reason{};  // why not healthy
};

struct BotLogLine {
  std::int64_t ts_ms = 0;
  std::string level{};
  std::string message{};
};

struct BotDetail {
  BotInfo info{};
  std::string source{};
  std::vector<BotLogLine> log{};  // oldest first
};

// The outcome of a change: ok, or the error (a Lua syntax error names the line).
struct BotChange {
  enum class Outcome { ok, not_found, invalid, failed } outcome = Outcome::ok;
  std::string message{};
  int line = 0;  // invalid: the line of a syntax error, when known
};

class BotControl {
 public:
  static constexpr std::string_view service_name = "bot-control";
  virtual ~BotControl() = default;

  virtual std::vector<BotInfo> bots() = 0;
  virtual std::optional<BotDetail> bot(const std::string& name) = 0;
  // Checks the source first; on success saves it and runs it, else the running version
  // stays. A new name creates the bot.
  virtual BotChange put_source(const std::string& name, const std::string& source) = 0;
  virtual BotChange reload(const std::string& name) = 0;
  virtual BotChange set_enabled(const std::string& name, bool enabled) = 0;
};

}  // namespace sb
