// SPDX-License-Identifier: Apache-2.0
// Logging for plugins. Each plugin's logger tags lines with its instance id; the deployment
// chooses the level and text or JSON lines ([log] level, format). Thread-safe.
#pragma once

#include <string_view>

#include <switchboard/json.hpp>

namespace sb {

enum class LogLevel { trace, debug, info, warn, error };

class Logger {
 public:
  virtual ~Logger() = default;
  virtual bool enabled(LogLevel level) const = 0;
  // `fields` are structured context: extra keys in JSON mode, key=value pairs in text mode.
  virtual void write(LogLevel level, std::string_view message, const json::object& fields) = 0;

  void log(LogLevel level, std::string_view message, const json::object& fields = {}) {
    if (enabled(level)) write(level, message, fields);
  }
  void debug(std::string_view m, const json::object& f = {}) { log(LogLevel::debug, m, f); }
  void info(std::string_view m, const json::object& f = {}) { log(LogLevel::info, m, f); }
  void warn(std::string_view m, const json::object& f = {}) { log(LogLevel::warn, m, f); }
  void error(std::string_view m, const json::object& f = {}) { log(LogLevel::error, m, f); }
};

}  // namespace sb
