// SPDX-License-Identifier: Apache-2.0
// "u_1,u_2" from a command-line option as a JSON array of its non-empty items.
#pragma once

#include <string>

#include <switchboard/client/frames.hpp>

namespace sbctl {

inline sb::client::json::array split_list(const std::string& list) {
  sb::client::json::array out;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    auto item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace sbctl
