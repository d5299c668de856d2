// SPDX-License-Identifier: Apache-2.0
// Reads the load options every sending scenario shares into a LoadSpec.
#include "scenarios.hpp"

namespace loadgen {

LoadSpec load_spec(const Options& o) {
  LoadSpec s;
  s.warmup_s = o.real("warmup", 1.0);
  s.measure_s = o.real("measure", 5.0);
  s.drain_s = o.real("drain", 2.0);
  s.late_s = o.real("late", 10.0);
  s.window = static_cast<int>(o.num("window", 8));
  s.rate = o.real("rate", 0);
  s.max_owed = static_cast<int>(o.num("max_owed", 64));
  s.payload = static_cast<std::size_t>(o.num("payload", 100));
  s.watch = parse_watch(o.str("watch", ""));
  return s;
}

}  // namespace loadgen
