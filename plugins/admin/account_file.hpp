// SPDX-License-Identifier: Apache-2.0
// Admin accounts and API tokens in <data_dir>/<instance>/admins.json (mode 0600). A file,
// not the store: `switchboard admin add` must work while the server runs, and store-sqlite
// holds its database for one process. Both the CLI and the server change it under an
// exclusive flock and replace it atomically; the server re-reads it when it changed.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sb::admin {

enum class Role { viewer = 0, operator_ = 1, owner = 2 };
std::optional<Role> parse_role(std::string_view s);
std::string_view to_string(Role r);

struct Admin {
  std::string name;
  Role role = Role::viewer;
  std::string hash;  // Argon2id, encoded
  std::int64_t created_ms = 0;
};

struct ApiToken {
  std::string id;    // public part, "t_..."
  std::string name;  // what it is for
  Role role = Role::viewer;
  std::string hash;  // SHA-256 of the secret part
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
  std::string created_by;
};

struct Accounts {
  std::vector<Admin> admins;
  std::vector<ApiToken> tokens;

  const Admin* admin(const std::string& name) const;
  Admin* admin(const std::string& name);
  std::size_t owners() const;
};

class AccountFile {
 public:
  explicit AccountFile(std::string dir);

  // The accounts as the file holds them now (re-read when it changed since the last call).
  Accounts read();
  // Runs `change` on the current accounts under the file lock and writes the result. A
  // throw from `change` leaves the file as it was.
  void update(const std::function<void(Accounts&)>& change);

  const std::string& path() const { return path_; }

 private:
  Accounts load_locked();
  void save_locked(const Accounts& a);

  std::string dir_, path_, lock_path_;
  std::mutex mutex_;
  Accounts cached_;
  std::int64_t cached_mtime_ns_ = -1;
  std::int64_t cached_size_ = -1;
  std::int64_t cached_ino_ = -1;
};

}  // namespace sb::admin
