// SPDX-License-Identifier: Apache-2.0
// See cpu_window.hpp. utime + stime of /proc/<pid>/stat (fields 14 and 15), in clock ticks.
#include "cpu_window.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "clock.hpp"

namespace loadgen {

namespace {

// -1 when the process is gone.
std::int64_t cpu_ticks(const std::string& pid) {
  std::ifstream f("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(f, line)) return -1;
  auto close = line.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  std::int64_t utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  return utime + stime;
}

}  // namespace

std::vector<Watch> parse_watch(const std::string& spec) {
  std::vector<Watch> out;
  std::istringstream in(spec);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty()) continue;
    auto colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size())
      throw std::runtime_error("--watch: \"" + item + "\" is not pid:label");
    int pid = 0;
    try {
      pid = std::stoi(item.substr(0, colon));
    } catch (const std::exception&) {
      throw std::runtime_error("--watch: \"" + item + "\" does not start with a pid");
    }
    out.push_back({pid, item.substr(colon + 1)});
  }
  return out;
}

CpuWindow::Sample CpuWindow::sample() const {
  Sample s;
  s.wall_ns = now_ns();
  s.ticks.push_back(cpu_ticks("self"));
  for (auto& w : watch_) s.ticks.push_back(cpu_ticks(std::to_string(w.pid)));
  return s;
}

void CpuWindow::begin() {
  begin_ = sample();
  begun_ = true;
}

void CpuWindow::end() {
  if (!begun_ || ended_) return;
  end_ = sample();
  ended_ = true;
}

void CpuWindow::report(boost::json::object& out) const {
  if (!ended_) return;
  double secs = static_cast<double>(end_.wall_ns - begin_.wall_ns) / 1e9;
  double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  auto pct = [&](std::size_t i) {
    return std::round(1000.0 * static_cast<double>(end_.ticks[i] - begin_.ticks[i]) / hz / secs) /
           10.0;
  };
  out["cpu_window_s"] = std::round(secs * 1000) / 1000;
  out["loadgen_cpu_pct"] = pct(0);
  for (std::size_t i = 0; i < watch_.size(); ++i) {
    if (begin_.ticks[i + 1] < 0 || end_.ticks[i + 1] < 0)
      out[watch_[i].label + "_gone"] = 1;
    else
      out[watch_[i].label] = pct(i + 1);
  }
}

}  // namespace loadgen
