// SPDX-License-Identifier: Apache-2.0
// See message_fields.hpp.
#include "message_fields.hpp"

#include <random>

namespace sbctl {

sb::client::json::object recipient(const std::string& target) {
  if (target.starts_with("group:")) return {{"group", target.substr(6)}};
  return {{"user", target}};
}

std::string random_client_msg_id() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned> hex(0, 15);
  std::string id = "sbctl-";
  for (int i = 0; i < 20; ++i) id += "0123456789abcdef"[hex(rd)];
  return id;
}

}  // namespace sbctl
