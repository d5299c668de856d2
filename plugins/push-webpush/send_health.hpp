// SPDX-License-Identifier: Apache-2.0
// The instance's health from its recent pushes: degraded, with the last failure, once
// several in a row failed; ok again after one success. A gone subscription is the push
// service working as it should and counts for neither.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include <switchboard/health.hpp>
#include <switchboard/services/push.hpp>

namespace webpush {

class SendHealth {
 public:
  explicit SendHealth(std::int64_t degraded_after) : degraded_after_(degraded_after) {}

  // `origin` names the push service in the reason (never the endpoint: its path is the
  // subscription's secret).
  void record(const sb::PushResult& result, const std::string& origin);
  sb::Health health() const;

 private:
  const std::int64_t degraded_after_;
  mutable std::mutex mutex_;
  std::int64_t streak_ = 0;
  std::string last_failure_;
};

}  // namespace webpush
