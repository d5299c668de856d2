// SPDX-License-Identifier: Apache-2.0
// Status posts end 24 hours after posting: the sweeper removes them and releases their media.
// The time is a parameter, so a test can sweep as if a day had passed.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sb::core {

class Engine;

inline constexpr std::int64_t kStatusLifetimeMs = 24LL * 3600 * 1000;

// Removes every post expired at `now_ms`; returns how many.
std::size_t sweep_expired_statuses(Engine& e, std::int64_t now_ms);

}  // namespace sb::core
