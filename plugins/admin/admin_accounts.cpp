// SPDX-License-Identifier: Apache-2.0
// See admin_accounts.hpp.
#include "admin_accounts.hpp"

#include <cctype>
#include <stdexcept>

#include "api.hpp"
#include "secrets.hpp"

namespace sb::admin {

std::vector<AdminAccountInfo> FileAdminAccounts::list() {
  std::vector<AdminAccountInfo> out;
  for (auto& a : file_.read().admins)
    out.push_back({a.name, std::string(to_string(a.role)), a.created_ms});
  return out;
}

void FileAdminAccounts::add(const std::string& name, const std::string& role_name,
                            const std::string& password) {
  if (name.empty() || name.size() > 64) throw std::invalid_argument("name: 1 to 64 characters");
  for (char ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.' &&
        ch != '@')
      throw std::invalid_argument("name: letters, digits and - _ . @ only");
  auto role = parse_role(role_name);
  if (!role) throw std::invalid_argument("role: one of owner, operator, viewer");
  if (auto why = weak_password_reason(password); !why.empty())
    throw std::invalid_argument("password: " + why);
  auto hash = hash_password(password);
  file_.update([&](Accounts& a) {
    if (a.admin(name)) throw std::invalid_argument("an admin named \"" + name + "\" exists");
    a.admins.push_back({name, *role, hash, now_ms()});
  });
  audit_.add({0, 0, "cli", "admin.add", name, "local", {{"role", role_name}}});
}

void FileAdminAccounts::remove(const std::string& name) {
  file_.update([&](Accounts& a) {
    auto* x = a.admin(name);
    if (!x) throw std::invalid_argument("no admin \"" + name + "\"");
    if (x->role == Role::owner && a.owners() == 1)
      throw std::invalid_argument("\"" + name + "\" is the last owner; add another owner first");
    std::erase_if(a.admins, [&](auto& y) { return y.name == name; });
  });
  sessions_.end_all(name);
  audit_.add({0, 0, "cli", "admin.remove", name, "local", {}});
}

void FileAdminAccounts::set_password(const std::string& name, const std::string& password) {
  if (auto why = weak_password_reason(password); !why.empty())
    throw std::invalid_argument("password: " + why);
  auto hash = hash_password(password);
  file_.update([&](Accounts& a) {
    auto* x = a.admin(name);
    if (!x) throw std::invalid_argument("no admin \"" + name + "\"");
    x->hash = hash;
  });
  sessions_.end_all(name);
  audit_.add({0, 0, "cli", "admin.passwd", name, "local", {}});
}

}  // namespace sb::admin
