// SPDX-License-Identifier: Apache-2.0
// Shared by the bus tests: a logger that keeps its lines, a fixture that builds the bus from
// settings the test has adjusted, and a bounded wait.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <switchboard/events/message.hpp>

#include "kernel/host/event_bus.hpp"
#include "kernel/host/metrics_registry.hpp"

namespace sb::kernel {

class CapturingLogger final : public Logger {
 public:
  bool enabled(LogLevel) const override { return true; }
  void write(LogLevel level, std::string_view message, const json::object& fields) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::string(level >= LogLevel::warn ? "W " : "- ") + std::string(message) +
                     " " + json::serialize(fields));
  }
  bool contains(std::string_view text) const {
    std::lock_guard lock(mutex_);
    for (auto& l : lines_) {
      if (l.find(text) != std::string::npos) return true;
    }
    return false;
  }
  std::string all() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (auto& l : lines_) out += l + "\n";
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

// Polls `done` until it holds or `limit` passes, so no test can hang.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

class BusTest : public ::testing::Test {
 protected:
  // Builds the bus from `settings` as the test left them.
  EventBus& bus() {
    if (!bus_) bus_ = std::make_unique<EventBus>(settings, log, metrics);
    return *bus_;
  }
  void destroy_bus() { bus_.reset(); }

  Labels labels(std::string_view event, std::string_view instance) {
    return {{"event", std::string(event)}, {"instance", std::string(instance)}};
  }
  Labels labels(std::string_view event, std::string_view instance, std::string_view kind) {
    return {{"event", std::string(event)},
            {"instance", std::string(instance)},
            {"kind", std::string(kind)}};
  }
  double errors(std::string_view event, std::string_view instance, std::string_view kind) {
    return metrics.counter("sb_bus_handler_errors_total", "", labels(event, instance, kind))
        .value();
  }
  std::uint64_t calls(std::string_view event, std::string_view instance, std::string_view kind) {
    return metrics.histogram("sb_bus_handler_seconds", "", labels(event, instance, kind)).count();
  }

  BusSettings settings;
  CapturingLogger log;
  MetricsRegistry metrics;  // declared before the bus: it must outlive it

 private:
  std::unique_ptr<EventBus> bus_;
};

}  // namespace sb::kernel
