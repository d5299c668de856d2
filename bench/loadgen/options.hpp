// SPDX-License-Identifier: Apache-2.0
// Command-line options of sb_loadgen: `--key value` pairs read into a map with typed getters.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace loadgen {

class Options {
 public:
  Options(int argc, char** argv, int first);
  std::string str(const std::string& key, const std::string& fallback) const;
  std::int64_t num(const std::string& key, std::int64_t fallback) const;
  double real(const std::string& key, double fallback) const;
  bool has(const std::string& key) const { return values_.count(key) > 0; }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace loadgen
