// SPDX-License-Identifier: Apache-2.0
// CPU time of the load generator itself and of watched processes (the server, the broker, the
// peer) over the measurement window only, in % of one core, from /proc/<pid>/stat.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace loadgen {

struct Watch {
  int pid = 0;
  std::string label;  // the figure's name in the report, e.g. "server_cpu_pct"
};

// "pid:label,pid:label" (--watch); throws naming the bad entry.
std::vector<Watch> parse_watch(const std::string& spec);

class CpuWindow {
 public:
  explicit CpuWindow(std::vector<Watch> watch) : watch_(std::move(watch)) {}
  void begin();
  void end();
  // loadgen_cpu_pct and every watched label; "<label>_gone": 1 when a watched process
  // was gone at the window's end (its figure then means nothing).
  void report(boost::json::object& out) const;

 private:
  struct Sample {
    std::int64_t wall_ns = 0;
    std::vector<std::int64_t> ticks;  // [0]: this process, then one per watched pid (-1: gone)
  };
  Sample sample() const;

  std::vector<Watch> watch_;
  Sample begin_, end_;
  bool begun_ = false, ended_ = false;
};

}  // namespace loadgen
