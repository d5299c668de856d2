// SPDX-License-Identifier: Apache-2.0
// Monotonic nanoseconds shared by senders and receivers in one load-generator process.
#pragma once

#include <chrono>
#include <cstdint>

namespace loadgen {

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace loadgen
