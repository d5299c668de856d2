// SPDX-License-Identifier: Apache-2.0
// See core_metrics.hpp. The gauges are sampled from the session registry rather than kept
// up to date on every connect, so the connect path stays as it was.
#include "kernel/core/core_metrics.hpp"

#include <map>
#include <memory>

#include "kernel/core/engine.hpp"

namespace sb::core {

Subscription start_core_metrics(Engine& engine, Metrics& metrics, Scheduler& scheduler) {
  engine.delivery_latency =
      &metrics.histogram("sb_delivery_latency_seconds",
                         "From a message's acceptance to its frame handed to a live recipient "
                         "device's connection.");
  engine.slow_consumers =
      &metrics.counter("sb_slow_consumers_total",
                       "Sessions closed because their device acked nothing for [messaging] "
                       "slow_consumer_timeout_ms while events waited for its ack.");
  auto& online = metrics.gauge("sb_online_users", "Users with a live session on this node.");
  auto seen = std::make_shared<std::map<std::string, Gauge*>>();
  return scheduler.every(std::chrono::seconds(1), [&engine, &metrics, &online, seen] {
    online.set(static_cast<double>(engine.sessions.user_count()));
    auto counts = engine.sessions.count_by_transport();
    for (auto& [transport, n] : counts) {
      auto& g = (*seen)[transport];
      if (!g)
        g = &metrics.gauge("sb_sessions", "Live protocol sessions on this node, by transport.",
                           {{"transport", transport}});
    }
    // A transport whose last session went still reads 0, not its last value.
    for (auto& [transport, g] : *seen) {
      auto it = counts.find(transport);
      g->set(it == counts.end() ? 0.0 : static_cast<double>(it->second));
    }
  });
}

}  // namespace sb::core
