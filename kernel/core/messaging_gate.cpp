// SPDX-License-Identifier: Apache-2.0
// See messaging_gate.hpp.
#include "kernel/core/messaging_gate.hpp"

#include <mutex>

#include <switchboard/services/account_store.hpp>

#include "kernel/core/accounts.hpp"
#include "kernel/core/core.hpp"
#include "kernel/core/protocol.hpp"

namespace sb::core {

namespace {

// Answers every request `unavailable`: the core is not running (yet, or any more).
class UnavailableSession final : public ClientSession {
 public:
  explicit UnavailableSession(std::shared_ptr<ClientLink> link) : link_(std::move(link)) {}
  void on_frame(std::string_view frame) override {
    json::value id;
    try {
      parse_request(frame, id);
    } catch (const ProtocolError&) {
    }
    if (link_) link_->send(reply_error(id, "unavailable", "the server is not ready; retry"));
  }
  void on_close() override { link_.reset(); }

 private:
  std::shared_ptr<ClientLink> link_;
};

}  // namespace

void MessagingGate::attach(Core* core) {
  std::unique_lock lock(mutex_);
  core_ = core;
}

std::shared_ptr<ClientSession> MessagingGate::open(std::shared_ptr<ClientLink> link,
                                                   SessionOptions options) {
  std::shared_lock lock(mutex_);
  std::shared_ptr<ClientSession> s;
  if (core_) s = core_->open(link, std::move(options));
  if (!s) s = std::make_shared<UnavailableSession>(std::move(link));
  return s;
}

std::optional<ClientIdentity> MessagingGate::check_token(std::string_view token) {
  std::shared_lock lock(mutex_);
  return core_ ? core_->check_token(token) : std::nullopt;
}

void MessagingGate::verify_token(std::string token,
                                 std::function<void(std::optional<ClientIdentity>)> done) {
  std::shared_lock lock(mutex_);
  if (!core_) {
    lock.unlock();
    done(std::nullopt);
    return;
  }
  core_->verify_access_token_async(std::move(token), [done = std::move(done)](auto who) {
    if (who)
      done(ClientIdentity{who->user, who->device});
    else
      done(std::nullopt);
  });
}

Subscription MessagingGate::add_op(std::string op, OpHandler handler) {
  return ops_.add(std::move(op), std::move(handler));
}

ClientIdentity MessagingGate::ensure_account(const std::string& user,
                                             const std::string& display_name) {
  std::shared_ptr<AccountStore> store;
  {
    std::shared_lock lock(mutex_);
    if (core_) store = core_->account_store();
  }
  if (!store) store = std::static_pointer_cast<AccountStore>(services_.get("account-store", {}));
  if (!store) throw std::runtime_error("ensure_account: no account store is configured");
  if (!store->user_by_id(user)) {
    auto now = Accounts::system_now_ms();
    // Service accounts have no phone; the id stands in for it so it stays unique.
    store->create_user(UserRecord{user, user, display_name, now, false});
  }
  store->set_display_name(user, display_name);
  auto devices = store->devices(user);
  if (!devices.empty()) return {user, devices.front().id};
  DeviceRecord d{user, "main", display_name, Accounts::system_now_ms(), 0};
  store->add_device(d);
  return {user, d.id};
}

}  // namespace sb::core
