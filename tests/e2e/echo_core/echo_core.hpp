// SPDX-License-Identifier: Apache-2.0
// A stand-in for the messaging core, for testing the transports and the client library on
// their own: tokens "tok:<user>:<device>", an `auth` op, `echo`, `emit` (cursor events kept
// in a per-device inbox until acked and replayed on the next session), `flood` (to make a
// slow consumer) and `close` (to test close codes).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <switchboard/plugin.hpp>
#include <switchboard/services/messaging.hpp>

namespace echo_core {

class EchoSession;

class EchoMessaging final : public sb::Messaging,
                            public std::enable_shared_from_this<EchoMessaging> {
 public:
  std::shared_ptr<sb::ClientSession> open(std::shared_ptr<sb::ClientLink> link,
                                          sb::SessionOptions options) override;
  std::optional<sb::ClientIdentity> check_token(std::string_view token) override;
  void verify_token(std::string token,
                    std::function<void(std::optional<sb::ClientIdentity>)> done) override;
  sb::Subscription add_op(std::string, sb::OpHandler) override { return {}; }
  sb::ClientIdentity ensure_account(const std::string& user, const std::string&) override {
    return {user, "d1"};
  }

  // The inbox of one device: events by cursor, and the last ack.
  struct Inbox {
    std::int64_t next = 1;
    std::int64_t acked = 0;
    std::map<std::int64_t, std::string> events;
  };
  std::mutex mutex;
  std::map<std::string, Inbox> inboxes;  // "user/device"
  std::map<std::string, std::set<EchoSession*>> live;
};

struct Config {
  static sb::ConfigSchema schema() { return {}; }
  static Config load(const sb::ConfigView&) { return {}; }
};

class EchoCorePlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config&, sb::Context& ctx) override;
};

}  // namespace echo_core
