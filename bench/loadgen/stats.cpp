// SPDX-License-Identifier: Apache-2.0
// Percentiles of the latency samples a scenario collected.
#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace loadgen {

boost::json::object LatencyStats::report() {
  boost::json::object o;
  o["samples"] = count_;
  if (samples_.empty()) return o;
  std::sort(samples_.begin(), samples_.end());
  auto at = [&](double q) {
    auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples_.size()))) - 1;
    i = std::min(i, samples_.size() - 1);
    return std::round(static_cast<double>(samples_[i]) / 1e3) / 1e3;  // ms, µs precision
  };
  o["p50_ms"] = at(0.50);
  o["p95_ms"] = at(0.95);
  o["p99_ms"] = at(0.99);
  o["p999_ms"] = at(0.999);
  o["max_ms"] = at(1.0);
  return o;
}

}  // namespace loadgen
