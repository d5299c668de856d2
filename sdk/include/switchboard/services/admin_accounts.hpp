// SPDX-License-Identifier: Apache-2.0
// AdminAccounts: the accounts of people who run the deployment (not messaging users), as
// `switchboard admin add|list|remove|passwd` manages them. Provided by the admin plugin.
// Calls block on file I/O and password hashing; any thread but an I/O thread. Refusals
// throw std::invalid_argument with a message for the operator.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

struct AdminAccountInfo {
  std::string name{};
  std::string role{};  // "owner", "operator", "viewer"
  std::int64_t created_ms = 0;
};

class AdminAccounts {
 public:
  static constexpr std::string_view service_name = "admin-accounts";
  virtual ~AdminAccounts() = default;

  virtual std::vector<AdminAccountInfo> list() = 0;
  virtual void add(const std::string& name, const std::string& role,
                   const std::string& password) = 0;
  // Refuses to remove the last owner.
  virtual void remove(const std::string& name) = 0;
  virtual void set_password(const std::string& name, const std::string& password) = 0;
};

}  // namespace sb
