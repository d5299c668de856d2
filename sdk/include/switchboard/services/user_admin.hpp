// SPDX-License-Identifier: Apache-2.0
// UserAdmin: the messaging core's users and groups as an admin sees them — search, detail,
// revoke a device, ban, delete, disband, and server notices. The kernel provides it
// (instance "kernel"); until the core runs, and without a store providing "directory",
// calls throw StoreError(unavailable). Every call blocks on the store: call it from a
// worker thread, never an I/O thread. Throws StoreError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/group_store.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb {

struct AdminUser {
  std::string id{};
  std::string phone{};
  std::string name{};
  bool banned = false;
  bool online = false;            // a live session on this node
  std::int64_t last_seen_ms = 0;  // latest of its devices; 0 when none
  std::int64_t created_ms = 0;
};

struct AdminDevice {
  std::string id{};
  std::string name{};
  std::int64_t created_ms = 0;
  std::int64_t last_seen_ms = 0;
  std::string transport{};  // of its live session; empty when offline
  bool online = false;
};

enum class UserFilter { none, online, inactive, banned };

struct AdminUserQuery {
  std::string q{};  // part of the id, phone or name; empty: all
  UserFilter filter = UserFilter::none;
  int inactive_days = 30;  // UserFilter::inactive: no device seen for this many days
  std::size_t limit = 50;
  std::string cursor{};  // `next` of the previous page
};

struct AdminUserPage {
  std::vector<AdminUser> users{};
  std::string next{};  // empty: last page
};

struct AdminGroup {
  std::string id{};
  std::string name{};
  std::string policy{};
  std::int64_t created_ms = 0;
  std::size_t members = 0;
};

struct AdminGroupPage {
  std::vector<AdminGroup> groups{};
  std::string next{};
};

class UserAdmin {
 public:
  static constexpr std::string_view service_name = "user-admin";
  virtual ~UserAdmin() = default;

  virtual AdminUserPage users(const AdminUserQuery& query) = 0;
  virtual std::optional<AdminUser> user(const std::string& id) = 0;
  virtual std::vector<AdminDevice> devices(const std::string& user) = 0;
  // Removes the device and closes its live sessions at once. False when it did not exist.
  virtual bool revoke_device(const std::string& user, const std::string& device) = 0;
  // A ban closes every live session of the user. False when no such user.
  virtual bool set_banned(const std::string& user, bool banned) = 0;
  // Closes the user's sessions and removes their devices, keys, memberships, contacts,
  // blocks, privacy settings and profile; messages already delivered stay with their
  // recipients, and the phone number can register afresh. False when no such user.
  virtual bool delete_user(const std::string& user) = 0;

  virtual AdminGroupPage groups(const std::string& q, std::size_t limit,
                                const std::string& cursor) = 0;
  virtual std::optional<GroupRecord> group(const std::string& id) = 0;
  // Removes the group and its memberships. False when no such group.
  virtual bool disband_group(const std::string& id) = 0;

  // Sends `text` as a message from the system account to each listed user (every user when
  // empty). Returns how many users it was sent to.
  virtual std::size_t send_notice(const std::string& text,
                                  const std::vector<std::string>& users) = 0;
};

}  // namespace sb
