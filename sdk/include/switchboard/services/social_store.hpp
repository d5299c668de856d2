// SPDX-License-Identifier: Apache-2.0
// SocialStore: privacy settings, contacts and blocks, which decide who sees presence, last
// seen, typing and read receipts, and whose messages are dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/store_error.hpp>

namespace sb {

// Each value is "everyone", "contacts" or "nobody".
struct PrivacySettings {
  std::string last_seen = "everyone";
  std::string online = "everyone";
  std::string read_receipts = "everyone";
};

class SocialStore {
 public:
  static constexpr std::string_view service_name = "social-store";
  virtual ~SocialStore() = default;

  virtual PrivacySettings privacy(const std::string& user) = 0;
  virtual void set_privacy(const std::string& user, const PrivacySettings& settings) = 0;

  virtual void add_contacts(const std::string& user, const std::vector<std::string>& contacts) = 0;
  virtual void remove_contacts(const std::string& user,
                               const std::vector<std::string>& contacts) = 0;
  // True when `contact` is in `user`'s contacts.
  virtual bool is_contact(const std::string& user, const std::string& contact) = 0;
  virtual std::vector<std::string> contacts(const std::string& user) = 0;

  virtual void block(const std::string& user, const std::string& blocked) = 0;
  virtual void unblock(const std::string& user, const std::string& blocked) = 0;
  // True when `user` blocked `other`.
  virtual bool is_blocked(const std::string& user, const std::string& other) = 0;
};

}  // namespace sb
