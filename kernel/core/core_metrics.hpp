// SPDX-License-Identifier: Apache-2.0
// The core's own figures in the metrics registry, for /metrics and the admin dashboard:
// live sessions per transport, online users, and accept-to-delivery latency.
#pragma once

#include <switchboard/metrics.hpp>
#include <switchboard/scheduler.hpp>
#include <switchboard/subscription.hpp>

namespace sb::core {

class Engine;

// Sets the engine's latency histogram and refreshes the gauges every second until the
// returned handle goes.
[[nodiscard]] Subscription start_core_metrics(Engine& engine, Metrics& metrics,
                                              Scheduler& scheduler);

}  // namespace sb::core
