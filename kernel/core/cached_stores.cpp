// SPDX-License-Identifier: Apache-2.0
// See cached_stores.hpp. Everything not on the send path passes straight through.
#include "kernel/core/cached_stores.hpp"

namespace sb::core {

namespace {
constexpr std::size_t kMaxEntries = 200'000;

std::string pair_key(const std::string& a, const std::string& b) {
  std::string key;
  key.reserve(a.size() + b.size() + 1);
  key.append(a).push_back('\x1f');
  key.append(b);
  return key;
}
}  // namespace

CachedAccountStore::CachedAccountStore(std::shared_ptr<AccountStore> store,
                                       std::chrono::milliseconds ttl)
    : store_(std::move(store)), users_(ttl, kMaxEntries), devices_(ttl, kMaxEntries) {}

std::optional<UserRecord> CachedAccountStore::user_by_phone(const std::string& phone) {
  return store_->user_by_phone(phone);
}

std::optional<UserRecord> CachedAccountStore::user_by_id(const std::string& id) {
  // A miss is not kept: a user created elsewhere is seen at once.
  return users_.get(
      id, [&] { return store_->user_by_id(id); },
      [](const std::optional<UserRecord>& user) { return user.has_value(); });
}

UserRecord CachedAccountStore::create_user(const UserRecord& user) {
  auto out = store_->create_user(user);
  users_.invalidate(out.id);
  return out;
}

void CachedAccountStore::set_banned(const std::string& user, bool banned) {
  store_->set_banned(user, banned);
  users_.invalidate(user);
}

void CachedAccountStore::set_display_name(const std::string& user, const std::string& name) {
  store_->set_display_name(user, name);
  users_.invalidate(user);
}

void CachedAccountStore::add_device(const DeviceRecord& device) {
  store_->add_device(device);
  devices_.invalidate(device.user);
}

std::vector<DeviceRecord> CachedAccountStore::devices(const std::string& user) {
  return devices_.get(user, [&] { return store_->devices(user); });
}

bool CachedAccountStore::remove_device(const std::string& user, const std::string& device) {
  auto removed = store_->remove_device(user, device);
  devices_.invalidate(user);
  return removed;
}

void CachedAccountStore::touch_device(const std::string& user, const std::string& device,
                                      std::int64_t ms) {
  store_->touch_device(user, device, ms);
  devices_.invalidate(user);  // last seen is part of the record
}

void CachedAccountStore::put_login_code(const LoginCode& code) {
  store_->put_login_code(code);
}

std::optional<LoginCode> CachedAccountStore::login_code(const std::string& phone) {
  return store_->login_code(phone);
}

int CachedAccountStore::count_login_attempt(const std::string& phone) {
  return store_->count_login_attempt(phone);
}

void CachedAccountStore::delete_login_code(const std::string& phone) {
  store_->delete_login_code(phone);
}

void CachedAccountStore::put_refresh_token(const std::string& token_hash,
                                           const RefreshGrant& grant) {
  store_->put_refresh_token(token_hash, grant);
}

std::optional<RefreshGrant> CachedAccountStore::take_refresh_token(const std::string& token_hash) {
  return store_->take_refresh_token(token_hash);
}

void CachedAccountStore::delete_refresh_tokens(const std::string& user, const std::string& device) {
  store_->delete_refresh_tokens(user, device);
}

CachedSocialStore::CachedSocialStore(std::shared_ptr<SocialStore> store,
                                     std::chrono::milliseconds ttl)
    : store_(std::move(store)), blocked_(ttl, kMaxEntries) {}

PrivacySettings CachedSocialStore::privacy(const std::string& user) {
  return store_->privacy(user);
}

void CachedSocialStore::set_privacy(const std::string& user, const PrivacySettings& settings) {
  store_->set_privacy(user, settings);
}

void CachedSocialStore::add_contacts(const std::string& user,
                                     const std::vector<std::string>& contacts) {
  store_->add_contacts(user, contacts);
}

void CachedSocialStore::remove_contacts(const std::string& user,
                                        const std::vector<std::string>& contacts) {
  store_->remove_contacts(user, contacts);
}

bool CachedSocialStore::is_contact(const std::string& user, const std::string& contact) {
  return store_->is_contact(user, contact);
}

std::vector<std::string> CachedSocialStore::contacts(const std::string& user) {
  return store_->contacts(user);
}

void CachedSocialStore::block(const std::string& user, const std::string& blocked) {
  store_->block(user, blocked);
  blocked_.invalidate(pair_key(user, blocked));
}

void CachedSocialStore::unblock(const std::string& user, const std::string& blocked) {
  store_->unblock(user, blocked);
  blocked_.invalidate(pair_key(user, blocked));
}

bool CachedSocialStore::is_blocked(const std::string& user, const std::string& other) {
  return blocked_.get(pair_key(user, other), [&] { return store_->is_blocked(user, other); });
}

}  // namespace sb::core
