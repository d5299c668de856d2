// SPDX-License-Identifier: Apache-2.0
// The dashboard's figures, computed from snapshots of the kernel's metrics registry (the
// numbers /metrics exports), and an in-memory history of every figure for the charts.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/json.hpp>
#include <switchboard/services/kernel_admin.hpp>

namespace sb::admin {

class Dashboard {
 public:
  // History older than `window_ms` is dropped.
  explicit Dashboard(std::int64_t window_ms) : window_ms_(window_ms) {}

  // Takes one snapshot (called by a timer); rates are per second since the previous one.
  void sample(const std::vector<MetricSample>& metrics, std::int64_t now_ms);
  // {"now","figures":{...},"history":{"<series>":[[t_ms,value],...]}}; the series are named
  // in docs/admin.md ("connections.websocket", "latency_ms.p95", "handlers.<id>/<event>.errors").
  json::object render(std::int64_t now_ms) const;

 private:
  using Counts = std::vector<std::uint64_t>;
  void record(const std::map<std::string, double>& points, std::int64_t now_ms);

  std::int64_t window_ms_;
  mutable std::mutex mutex_;
  json::object figures_;
  std::map<std::string, std::deque<std::pair<std::int64_t, double>>> history_;
  // The previous sample's counters: rates and per-interval percentiles are differences.
  bool have_previous_ = false;
  std::int64_t previous_ms_ = 0;
  double previous_accepted_ = 0, previous_delivered_ = 0;
  Counts previous_latency_;
  std::map<std::string, Counts> previous_handler_buckets_;  // "<instance>/<event>"
  std::map<std::string, double> previous_handler_errors_;
};

}  // namespace sb::admin
