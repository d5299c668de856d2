// SPDX-License-Identifier: Apache-2.0
// The Messaging service the kernel provides to plugins. It exists before any plugin starts
// (transports look it up in start()) and forwards to the core once the core exists; until
// then, and after it stops, sessions answer `unavailable`.
#pragma once

#include <memory>
#include <shared_mutex>

#include <switchboard/services/messaging.hpp>

#include "kernel/core/op_registry.hpp"
#include "kernel/host/service_registry.hpp"

namespace sb::core {

class Core;

class MessagingGate final : public Messaging {
 public:
  explicit MessagingGate(kernel::ServiceTable& services) : services_(services) {}

  // Null detaches.
  void attach(Core* core);
  const OpRegistry& ops() const { return ops_; }

  std::shared_ptr<ClientSession> open(std::shared_ptr<ClientLink> link,
                                      SessionOptions options) override;
  std::optional<ClientIdentity> check_token(std::string_view token) override;
  void verify_token(std::string token,
                    std::function<void(std::optional<ClientIdentity>)> done) override;
  Subscription add_op(std::string op, OpHandler handler) override;
  ClientIdentity ensure_account(const std::string& user, const std::string& display_name) override;

 private:
  kernel::ServiceTable& services_;
  OpRegistry ops_;
  std::shared_mutex mutex_;
  Core* core_ = nullptr;
};

}  // namespace sb::core
