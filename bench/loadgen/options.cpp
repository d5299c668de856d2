// SPDX-License-Identifier: Apache-2.0
// Parses `--key value` (and bare `--flag`) arguments for sb_loadgen.
#include "options.hpp"

#include <stdexcept>

namespace loadgen {

Options::Options(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) throw std::runtime_error("unexpected argument " + a);
    std::string key = a.substr(2);
    if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0)
      values_[key] = argv[++i];
    else
      values_[key] = "1";
  }
}

std::string Options::str(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

std::int64_t Options::num(const std::string& key, std::int64_t fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : std::stoll(it->second);
}

double Options::real(const std::string& key, double fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : std::stod(it->second);
}

}  // namespace loadgen
