// SPDX-License-Identifier: Apache-2.0
// The UserAdmin service (sdk services/user_admin.hpp) the kernel provides: exists before the
// plugins start, forwards to the core once it runs, and finds users and groups through the
// store's optional Directory service.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>

#include <switchboard/services/messaging.hpp>
#include <switchboard/services/user_admin.hpp>

#include "kernel/host/service_registry.hpp"

namespace sb::core {

class Core;

class UserAdminGate final : public UserAdmin {
 public:
  // The account notices come from.
  static constexpr const char* kSystemUser = "system";

  explicit UserAdminGate(kernel::ServiceTable& services) : services_(services) {}

  // Null detaches; waits for calls in flight.
  void attach(Core* core);

  AdminUserPage users(const AdminUserQuery& query) override;
  std::optional<AdminUser> user(const std::string& id) override;
  std::vector<AdminDevice> devices(const std::string& user) override;
  bool revoke_device(const std::string& user, const std::string& device) override;
  bool set_banned(const std::string& user, bool banned) override;
  bool delete_user(const std::string& user) override;
  AdminGroupPage groups(const std::string& q, std::size_t limit,
                        const std::string& cursor) override;
  std::optional<GroupRecord> group(const std::string& id) override;
  bool disband_group(const std::string& id) override;
  std::size_t send_notice(const std::string& text, const std::vector<std::string>& users) override;

 private:
  class Held;
  Held hold();

  kernel::ServiceTable& services_;
  std::shared_mutex mutex_;
  Core* core_ = nullptr;
  std::mutex notice_mutex_;
  std::shared_ptr<ClientSession> notices_;  // the system account's session
  std::uint64_t notice_seq_ = 0;
};

}  // namespace sb::core
