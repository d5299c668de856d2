// SPDX-License-Identifier: Apache-2.0
// The account and social stores as the core uses them: the reads every send makes (does
// the recipient exist, which devices, did they block the sender) come from a short-lived
// cache; writes through these wrappers drop what they change at once. Writes by another
// node sharing the database show after at most the cache's ttl ([messaging] read_cache_ms).
#pragma once

#include <chrono>
#include <memory>

#include <switchboard/services/account_store.hpp>
#include <switchboard/services/social_store.hpp>

#include "kernel/core/read_cache.hpp"

namespace sb::core {

class CachedAccountStore final : public AccountStore {
 public:
  CachedAccountStore(std::shared_ptr<AccountStore> store, std::chrono::milliseconds ttl);

  std::optional<UserRecord> user_by_phone(const std::string& phone) override;
  std::optional<UserRecord> user_by_id(const std::string& id) override;
  UserRecord create_user(const UserRecord& user) override;
  void set_banned(const std::string& user, bool banned) override;
  void set_display_name(const std::string& user, const std::string& name) override;
  void add_device(const DeviceRecord& device) override;
  std::vector<DeviceRecord> devices(const std::string& user) override;
  bool remove_device(const std::string& user, const std::string& device) override;
  void touch_device(const std::string& user, const std::string& device, std::int64_t ms) override;
  void put_login_code(const LoginCode& code) override;
  std::optional<LoginCode> login_code(const std::string& phone) override;
  int count_login_attempt(const std::string& phone) override;
  void delete_login_code(const std::string& phone) override;
  void put_refresh_token(const std::string& token_hash, const RefreshGrant& grant) override;
  std::optional<RefreshGrant> take_refresh_token(const std::string& token_hash) override;
  void delete_refresh_tokens(const std::string& user, const std::string& device) override;
  // The user's rows were removed behind this cache (an admin deleted them).
  void forget_user(const std::string& user) {
    users_.invalidate(user);
    devices_.invalidate(user);
  }

 private:
  std::shared_ptr<AccountStore> store_;
  // Only users that exist are kept: a miss asks the store again.
  ReadCache<std::optional<UserRecord>> users_;
  ReadCache<std::vector<DeviceRecord>> devices_;
};

class CachedSocialStore final : public SocialStore {
 public:
  CachedSocialStore(std::shared_ptr<SocialStore> store, std::chrono::milliseconds ttl);

  PrivacySettings privacy(const std::string& user) override;
  void set_privacy(const std::string& user, const PrivacySettings& settings) override;
  void add_contacts(const std::string& user, const std::vector<std::string>& contacts) override;
  void remove_contacts(const std::string& user, const std::vector<std::string>& contacts) override;
  bool is_contact(const std::string& user, const std::string& contact) override;
  std::vector<std::string> contacts(const std::string& user) override;
  void block(const std::string& user, const std::string& blocked) override;
  void unblock(const std::string& user, const std::string& blocked) override;
  bool is_blocked(const std::string& user, const std::string& other) override;

 private:
  std::shared_ptr<SocialStore> store_;
  ReadCache<bool> blocked_;  // "user \x1f other"
};

}  // namespace sb::core
