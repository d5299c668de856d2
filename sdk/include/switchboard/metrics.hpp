// SPDX-License-Identifier: Apache-2.0
// The metrics registry a plugin records into; GET /metrics renders it as Prometheus text.
// Instruments are created once (e.g. in start) and are then cheap and thread-safe to update.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  virtual ~Counter() = default;
  virtual void inc(double by = 1) = 0;
  virtual double value() const = 0;
};

class Gauge {
 public:
  virtual ~Gauge() = default;
  virtual void set(double v) = 0;
  virtual void add(double by) = 0;
  virtual double value() const = 0;
};

class Histogram {
 public:
  virtual ~Histogram() = default;
  virtual void observe(double v) = 0;
  virtual std::uint64_t count() const = 0;
};

// Names follow Prometheus rules ([a-zA-Z_:][a-zA-Z0-9_:]*); plugin metrics are prefixed
// "sb_" by convention. The same name and labels always return the same instrument, which
// lives as long as the registry.
class Metrics {
 public:
  virtual ~Metrics() = default;
  virtual Counter& counter(std::string_view name, std::string_view help,
                           const Labels& labels = {}) = 0;
  virtual Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {}) = 0;
  // Buckets are upper bounds in ascending order; empty means latency buckets in seconds
  // from 50 µs to 10 s.
  virtual Histogram& histogram(std::string_view name, std::string_view help,
                               const Labels& labels = {},
                               const std::vector<double>& buckets = {}) = 0;
};

}  // namespace sb
