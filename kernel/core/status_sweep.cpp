// SPDX-License-Identifier: Apache-2.0
// See status_sweep.hpp.
#include "kernel/core/status_sweep.hpp"

#include "kernel/core/engine.hpp"
#include "kernel/core/media_access.hpp"
#include "kernel/core/social_stores.hpp"

namespace sb::core {

std::size_t sweep_expired_statuses(Engine& e, std::int64_t now_ms) {
  constexpr std::size_t kChunk = 500;  // a bounded transaction per round
  std::size_t total = 0;
  auto statuses = social_stores(e)->statuses;
  if (!statuses) return 0;  // a store without status posts has none to expire
  for (;;) {
    auto ids = statuses->sweep_statuses(now_ms, kChunk);
    for (auto& id : ids) release_media(e, status_holder(id));
    total += ids.size();
    if (ids.size() < kChunk) return total;
  }
}

}  // namespace sb::core
