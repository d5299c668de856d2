// SPDX-License-Identifier: Apache-2.0
// AccountStore: users (by E.164 phone), their devices, login codes and refresh tokens.
// Every method may be called from any core worker thread and may block on the database;
// never from an I/O thread. Throws StoreError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

struct UserRecord {
  std::string id{};
  std::string phone{};
  std::string display_name{};
  std::int64_t created_ms = 0;
  bool banned = false;
};

struct DeviceRecord {
  std::string user{};
  std::string id{};
  std::string name{};
  std::int64_t created_ms = 0;
  std::int64_t last_seen_ms = 0;
};

// A pending one-time login code; the code itself is stored hashed.
struct LoginCode {
  std::string phone{};
  std::string code_hash{};
  std::int64_t expires_ms = 0;
  int attempts = 0;
};

struct RefreshGrant {
  std::string user{};
  std::string device{};
  std::int64_t expires_ms = 0;
};

class AccountStore {
 public:
  static constexpr std::string_view service_name = "account-store";
  virtual ~AccountStore() = default;

  virtual std::optional<UserRecord> user_by_phone(const std::string& phone) = 0;
  virtual std::optional<UserRecord> user_by_id(const std::string& id) = 0;
  // Creates the user, or returns the existing one with that phone (two verifies racing).
  virtual UserRecord create_user(const UserRecord& user) = 0;
  virtual void set_banned(const std::string& user, bool banned) = 0;
  virtual void set_display_name(const std::string& user, const std::string& name) = 0;

  virtual void add_device(const DeviceRecord& device) = 0;
  virtual std::vector<DeviceRecord> devices(const std::string& user) = 0;
  // Removes the device, its refresh tokens, prekeys and inbox. False when it did not exist.
  virtual bool remove_device(const std::string& user, const std::string& device) = 0;
  virtual void touch_device(const std::string& user, const std::string& device,
                            std::int64_t ms) = 0;

  virtual void put_login_code(const LoginCode& code) = 0;
  virtual std::optional<LoginCode> login_code(const std::string& phone) = 0;
  // Returns the attempts after the increment.
  virtual int count_login_attempt(const std::string& phone) = 0;
  virtual void delete_login_code(const std::string& phone) = 0;

  virtual void put_refresh_token(const std::string& token_hash, const RefreshGrant& grant) = 0;
  // Removes the token and returns what it granted: a refresh token works once.
  virtual std::optional<RefreshGrant> take_refresh_token(const std::string& token_hash) = 0;
  virtual void delete_refresh_tokens(const std::string& user, const std::string& device) = 0;
};

}  // namespace sb
