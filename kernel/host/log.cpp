// SPDX-License-Identifier: Apache-2.0
// Log records as text ("2026-11-22T06:30:00.123Z info  [kernel] message key=value") or as
// one JSON object per line for log shippers.
#include "kernel/host/log.hpp"

#include <chrono>
#include <ctime>
#include <stdexcept>

namespace sb::kernel {
namespace {

std::string timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

LogLevel parse_log_level(std::string_view s) {
  if (s == "trace") return LogLevel::trace;
  if (s == "debug") return LogLevel::debug;
  if (s == "info") return LogLevel::info;
  if (s == "warn") return LogLevel::warn;
  if (s == "error") return LogLevel::error;
  throw std::invalid_argument("unknown log level \"" + std::string(s) +
                              "\" (expected trace, debug, info, warn or error)");
}

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::trace: return "trace";
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "?";
}

LogSink::LogSink(LogSettings settings, std::FILE* out)
    : level_(parse_log_level(settings.level)), format_(settings.format), out_(out) {}

void LogSink::configure(const LogSettings& settings) {
  level_.store(parse_log_level(settings.level));
  format_.store(settings.format);
}

void LogSink::write(std::string_view source, LogLevel level, std::string_view message,
                    const json::object& fields) {
  std::string line;
  if (format_.load(std::memory_order_relaxed) == LogFormat::json) {
    json::object o{
        {"ts", timestamp()}, {"level", to_string(level)}, {"source", source}, {"msg", message}};
    for (auto& [k, v] : fields) o.insert_or_assign(k, v);
    line = json::serialize(o);
  } else {
    line = timestamp();
    line += ' ';
    auto lv = to_string(level);
    line += lv;
    line.append(6 - lv.size(), ' ');
    line += '[';
    line += source;
    line += "] ";
    line += message;
    for (auto& [k, v] : fields) {
      line += ' ';
      line += k;
      line += '=';
      line += v.is_string() ? std::string(v.as_string()) : json::serialize(v);
    }
  }
  line += '\n';
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace sb::kernel
