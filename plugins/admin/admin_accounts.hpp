// SPDX-License-Identifier: Apache-2.0
// The AdminAccounts service over the account file, for `switchboard admin add|list|remove|
// passwd`. Its changes are audited as the admin "cli".
#pragma once

#include <switchboard/services/admin_accounts.hpp>

#include "account_file.hpp"
#include "audit_log.hpp"
#include "sessions.hpp"

namespace sb::admin {

class FileAdminAccounts final : public AdminAccounts {
 public:
  FileAdminAccounts(AccountFile& file, AuditLog& audit, Sessions& sessions)
      : file_(file), audit_(audit), sessions_(sessions) {}

  std::vector<AdminAccountInfo> list() override;
  void add(const std::string& name, const std::string& role, const std::string& password) override;
  void remove(const std::string& name) override;
  void set_password(const std::string& name, const std::string& password) override;

 private:
  AccountFile& file_;
  AuditLog& audit_;
  Sessions& sessions_;
};

}  // namespace sb::admin
