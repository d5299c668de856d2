// SPDX-License-Identifier: Apache-2.0
// Latency samples (bounded) and their percentiles, reported as a JSON object.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/json.hpp>

namespace loadgen {

class LatencyStats {
 public:
  explicit LatencyStats(std::size_t max_samples = 5'000'000) : max_(max_samples) {}
  void add(std::int64_t ns) {
    ++count_;
    if (samples_.size() < max_) samples_.push_back(ns);
  }
  std::uint64_t count() const { return count_; }
  // {"p50_ms","p95_ms","p99_ms","p999_ms","max_ms","samples"}; sorts the samples.
  boost::json::object report();

 private:
  std::size_t max_;
  std::uint64_t count_ = 0;
  std::vector<std::int64_t> samples_;
};

}  // namespace loadgen
