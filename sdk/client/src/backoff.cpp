// SPDX-License-Identifier: Apache-2.0
// Exponential backoff with equal jitter (see backoff.hpp).
#include <switchboard/client/backoff.hpp>

#include <algorithm>

namespace sb::client {

std::chrono::milliseconds Backoff::next() {
  auto base = initial_.count();
  for (int i = 0; i < attempt_ && base < max_.count(); ++i) base *= 2;
  base = std::clamp<std::int64_t>(base, 1, std::max<std::int64_t>(1, max_.count()));
  ++attempt_;
  std::uniform_int_distribution<std::int64_t> jitter(0, base / 2);
  return std::chrono::milliseconds(base - base / 2 + jitter(rng_));
}

}  // namespace sb::client
