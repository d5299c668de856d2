// SPDX-License-Identifier: Apache-2.0
// See user_admin.hpp. A call holds the gate's shared lock for its whole length, so the core
// cannot go away under it; the core detaching waits for calls in flight.
#include "kernel/core/user_admin.hpp"

#include <algorithm>
#include <chrono>

#include <switchboard/services/directory.hpp>

#include "kernel/core/account_deletion.hpp"
#include "kernel/core/cached_stores.hpp"
#include "kernel/core/core.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/session.hpp"

namespace sb::core {

class UserAdminGate::Held {
 public:
  Held(std::shared_mutex& m, Core* core, std::shared_ptr<Directory> dir)
      : lock_(m), core_(core), dir_(std::move(dir)) {}
  Engine& engine() {
    if (!core_ || !core_->engine())
      throw StoreError(StoreError::Kind::unavailable, "the messaging core is not running");
    return *core_->engine();
  }
  Core& core() {
    engine();
    return *core_;
  }
  Directory& dir() {
    if (!dir_)
      throw StoreError(StoreError::Kind::unavailable,
                       "no store provides the \"directory\" service (store-sqlite and "
                       "store-postgres do)");
    return *dir_;
  }

 private:
  std::shared_lock<std::shared_mutex> lock_;
  Core* core_;
  std::shared_ptr<Directory> dir_;
};

UserAdminGate::Held UserAdminGate::hold() {
  // Looked up per call: the store may start after the gate exists.
  auto dir = std::static_pointer_cast<Directory>(services_.get(Directory::service_name, {}));
  return Held(mutex_, core_, std::move(dir));
}

void UserAdminGate::attach(Core* core) {
  std::shared_ptr<ClientSession> old;
  {
    std::unique_lock lock(mutex_);
    core_ = core;
    std::lock_guard n(notice_mutex_);
    old = std::move(notices_);
  }
  if (old) old->on_close();
}

namespace {

AdminUser to_admin(Engine& e, const UserRecord& u) {
  AdminUser out{u.id, u.phone, u.display_name, u.banned, e.sessions.online(u.id), 0, u.created_ms};
  for (auto& d : e.stores.accounts->devices(u.id))
    out.last_seen_ms = std::max(out.last_seen_ms, d.last_seen_ms);
  if (out.online) out.last_seen_ms = e.now_ms();
  return out;
}

bool matches(const UserRecord& u, const std::string& q) {
  return q.empty() || u.id.find(q) != std::string::npos || u.phone.find(q) != std::string::npos ||
         u.display_name.find(q) != std::string::npos;
}

}  // namespace

AdminUserPage UserAdminGate::users(const AdminUserQuery& query) {
  auto h = hold();
  auto& e = h.engine();
  AdminUserPage page;
  auto limit = std::clamp<std::size_t>(query.limit, 1, 500);
  if (query.filter == UserFilter::online) {
    // Online is this node's memory, not the store's: page through the live users.
    auto online = e.sessions.users();
    auto it = std::upper_bound(online.begin(), online.end(), query.cursor);
    for (; it != online.end() && page.users.size() < limit; ++it) {
      auto u = e.stores.accounts->user_by_id(*it);
      if (u && matches(*u, query.q)) page.users.push_back(to_admin(e, *u));
    }
    if (it != online.end() && !page.users.empty()) page.next = page.users.back().id;
    return page;
  }
  UserSearch s{query.q, query.filter == UserFilter::banned, 0, query.cursor, limit + 1};
  if (query.filter == UserFilter::inactive)
    s.inactive_before_ms = e.now_ms() - std::int64_t{query.inactive_days} * 86'400'000;
  auto found = h.dir().find_users(s);
  for (auto& u : found) {
    if (page.users.size() == limit) {
      page.next = page.users.back().id;
      break;
    }
    page.users.push_back(to_admin(e, u));
  }
  return page;
}

std::optional<AdminUser> UserAdminGate::user(const std::string& id) {
  auto h = hold();
  auto& e = h.engine();
  auto u = e.stores.accounts->user_by_id(id);
  if (!u) return std::nullopt;
  return to_admin(e, *u);
}

std::vector<AdminDevice> UserAdminGate::devices(const std::string& user) {
  auto h = hold();
  auto& e = h.engine();
  std::vector<AdminDevice> out;
  for (auto& d : e.stores.accounts->devices(user)) {
    AdminDevice a{d.id, d.name, d.created_ms, d.last_seen_ms, {}, false};
    auto live = e.sessions.find(user, d.id);
    if (!live.empty()) {
      a.online = true;
      a.transport = live.front()->transport();
    }
    out.push_back(std::move(a));
  }
  return out;
}

bool UserAdminGate::revoke_device(const std::string& user, const std::string& device) {
  auto h = hold();
  auto& e = h.engine();
  if (!e.stores.accounts->remove_device(user, device)) return false;
  e.revoke(user, device, "revoked");
  return true;
}

bool UserAdminGate::set_banned(const std::string& user, bool banned) {
  auto h = hold();
  return h.engine().set_banned(user, banned);
}

bool UserAdminGate::delete_user(const std::string& user) {
  auto h = hold();
  h.dir();  // the same answer as before when no store provides the directory
  return delete_account(h.engine(), user);
}

AdminGroupPage UserAdminGate::groups(const std::string& q, std::size_t limit,
                                     const std::string& cursor) {
  auto h = hold();
  h.engine();
  limit = std::clamp<std::size_t>(limit, 1, 500);
  AdminGroupPage page;
  for (auto& g : h.dir().find_groups(GroupSearch{q, cursor, limit + 1})) {
    if (page.groups.size() == limit) {
      page.next = page.groups.back().id;
      break;
    }
    page.groups.push_back({g.id, g.name, g.policy, g.created_ms, g.members.size()});
  }
  return page;
}

std::optional<GroupRecord> UserAdminGate::group(const std::string& id) {
  auto h = hold();
  return h.engine().stores.groups->group(id);
}

bool UserAdminGate::disband_group(const std::string& id) {
  auto h = hold();
  h.engine();
  return h.dir().delete_group(id);
}

namespace {

// The system account's connection: replies are not needed, a notice is fire-and-forget.
class NullLink final : public ClientLink {
 public:
  bool send(std::string) override { return true; }
  void close(std::string_view) override {}
};

}  // namespace

std::size_t UserAdminGate::send_notice(const std::string& text,
                                       const std::vector<std::string>& users) {
  auto h = hold();
  auto& core = h.core();
  std::vector<std::string> targets = users;
  if (targets.empty()) {
    // Every user, in pages; service accounts (bots, the system) have no phone of their own.
    std::string after;
    for (int pages = 0; pages < 100'000; ++pages) {
      auto found = h.dir().find_users(UserSearch{{}, false, 0, after, 1000});
      for (auto& u : found)
        if (u.phone.starts_with("+")) targets.push_back(u.id);
      if (found.size() < 1000) break;
      after = found.back().id;
    }
  }
  std::lock_guard lock(notice_mutex_);
  if (!notices_) {
    auto store = core.account_store();
    if (!store->user_by_id(kSystemUser))
      store->create_user(UserRecord{kSystemUser, kSystemUser, "Switchboard", 0, false});
    auto devices = store->devices(kSystemUser);
    std::string device = devices.empty() ? "main" : devices.front().id;
    if (devices.empty())
      store->add_device(DeviceRecord{kSystemUser, device, "notices", h.engine().now_ms(), 0});
    notices_ = core.open(std::make_shared<NullLink>(),
                         SessionOptions{"system", "", "", ClientIdentity{kSystemUser, device}});
    if (!notices_)
      throw StoreError(StoreError::Kind::unavailable, "the messaging core is not running");
  }
  auto stamp = std::to_string(h.engine().now_ms());
  std::size_t sent = 0;
  for (auto& u : targets) {
    if (u == kSystemUser) continue;
    json::object frame{{"id", "n" + std::to_string(++notice_seq_)},
                       {"op", "send"},
                       {"to", json::object{{"user", u}}},
                       {"client_msg_id", "notice-" + stamp + "-" + std::to_string(notice_seq_)},
                       {"enc", "none"},
                       {"body", json::object{{"type", "notice"}, {"text", text}}}};
    notices_->on_frame(json::serialize(frame));
    ++sent;
  }
  return sent;
}

}  // namespace sb::core
