// SPDX-License-Identifier: Apache-2.0
// The dashboard's figures, computed from snapshots of the kernel's metrics registry (the
// numbers /metrics exports), and an in-memory history of them for the charts.
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
  // `keep` samples per figure.
  explicit Dashboard(std::size_t keep) : keep_(keep) {}

  // Takes one snapshot (called by a timer); rates are per second since the previous one.
  void sample(const std::vector<MetricSample>& metrics, std::int64_t now_ms);
  // {"now","figures":{...},"history":{"<figure>":[[t_ms,value],...]}}
  json::object render(std::int64_t now_ms) const;

 private:
  std::size_t keep_;
  mutable std::mutex mutex_;
  json::object figures_;
  std::map<std::string, std::deque<std::pair<std::int64_t, double>>> history_;
  bool have_previous_ = false;
  std::int64_t previous_ms_ = 0;
  double previous_accepted_ = 0, previous_delivered_ = 0;
  std::vector<std::uint64_t> previous_latency_;
};

}  // namespace sb::admin
