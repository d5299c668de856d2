// SPDX-License-Identifier: Apache-2.0
// A plugin's own view of its health, shown by /readyz and the admin UI.
#pragma once

#include <string>
#include <string_view>

namespace sb {

enum class HealthState { ok, degraded, failed };

struct Health {
  HealthState state = HealthState::ok;
  std::string reason;  // empty when ok

  static Health ok() { return {}; }
  static Health degraded(std::string why) { return {HealthState::degraded, std::move(why)}; }
  static Health failed(std::string why) { return {HealthState::failed, std::move(why)}; }
};

inline std::string_view to_string(HealthState s) {
  switch (s) {
    case HealthState::ok: return "ok";
    case HealthState::degraded: return "degraded";
    case HealthState::failed: return "failed";
  }
  return "unknown";
}

}  // namespace sb
