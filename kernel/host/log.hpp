// SPDX-License-Identifier: Apache-2.0
// The kernel's log sink: one line per record to stderr, text or JSON, with a level that
// SIGHUP may change. Each plugin instance gets a Logger view tagged with its id.
#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <switchboard/log.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

// Parses "trace".."error"; throws std::invalid_argument otherwise.
LogLevel parse_log_level(std::string_view s);
std::string_view to_string(LogLevel level);

class LogSink {
 public:
  explicit LogSink(LogSettings settings = {}, std::FILE* out = stderr);
  void configure(const LogSettings& settings);
  bool enabled(LogLevel level) const { return level >= level_.load(std::memory_order_relaxed); }
  void write(std::string_view source, LogLevel level, std::string_view message,
             const json::object& fields);

 private:
  std::atomic<LogLevel> level_;
  std::atomic<LogFormat> format_;
  std::FILE* out_;
  std::mutex mutex_;
};

// A Logger that tags every record with `source` ("kernel", "http", an instance id).
class SourceLogger final : public Logger {
 public:
  SourceLogger(LogSink& sink, std::string source) : sink_(sink), source_(std::move(source)) {}
  bool enabled(LogLevel level) const override { return sink_.enabled(level); }
  void write(LogLevel level, std::string_view message, const json::object& fields) override {
    sink_.write(source_, level, message, fields);
  }

 private:
  LogSink& sink_;
  std::string source_;
};

}  // namespace sb::kernel
