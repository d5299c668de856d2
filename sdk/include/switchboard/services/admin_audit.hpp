// SPDX-License-Identifier: Apache-2.0
// AdminAudit: the record of what admins did, for actions taken outside the admin API (the
// kernel's loopback ban endpoint behind `switchboard ban`). Provided by the admin plugin;
// absent when it is not loaded. Any thread but an I/O thread (appends to a file).
#pragma once

#include <string>
#include <string_view>

#include <switchboard/json.hpp>

namespace sb {

struct AdminAction {
  std::string admin{};     // who: an admin's name, "token:<id>" or "cli"
  std::string action{};    // dotted, e.g. "user.ban"
  std::string target{};    // what it was done to, e.g. a user id
  std::string address{};   // from where: a client IP, or "local" for the command line
  json::object details{};  // never a password, token or secret value
};

class AdminAudit {
 public:
  static constexpr std::string_view service_name = "admin-audit";
  virtual ~AdminAudit() = default;

  virtual void record(const AdminAction& action) = 0;
};

}  // namespace sb
