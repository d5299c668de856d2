// SPDX-License-Identifier: Apache-2.0
// The messaging core as the server holds it: finds the stores and the SMS provider among
// the plugins' services, registers the core's HTTP routes, owns the worker pool where store
// work runs, the protocol engine behind the Messaging service, and the retention sweeper.
// Created after the plugins start, stopped before they stop.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/bus.hpp>
#include <switchboard/http.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>
#include <switchboard/scheduler.hpp>
#include <switchboard/services.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/messaging.hpp>
#include <switchboard/subscription.hpp>

#include "kernel/core/access_tokens.hpp"
#include "kernel/core/accounts.hpp"
#include "kernel/core/op_registry.hpp"
#include "kernel/host/settings.hpp"

namespace sb::core {

class Engine;

struct CoreParts {
  const kernel::AuthSettings& auth;
  const kernel::MessagingSettings& messaging;
  std::string data_dir;
  ServiceRegistry& services;
  HttpRouter& router;
  Bus& bus;
  Scheduler& scheduler;
  Logger& log;
  const OpRegistry& plugin_ops;
  Metrics* metrics = nullptr;  // the core's own figures go here when given
  // The instances providing a service, in start order (push providers are addressed by id).
  std::function<std::vector<std::string>(std::string_view service)> instances;
};

class Core {
 public:
  static constexpr std::size_t kWorkers = 4;

  // Without an AccountStore the auth routes are left out, and without all five stores the
  // protocol (a warning says which is missing): the kernel still runs, e.g. with only
  // transport or test plugins. Throws std::runtime_error when <data_dir>/jwt.key cannot be
  // read or created.
  explicit Core(CoreParts parts);
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // Removes the routes and timers and waits for the work already queued. Idempotent.
  void stop();

  // Null when no AccountStore is configured.
  Accounts* accounts() { return accounts_.get(); }
  // Null when a store is missing.
  Engine* engine() { return engine_.get(); }
  // The account store as the core uses it (writes through it refresh the core's cache).
  std::shared_ptr<AccountStore> account_store() { return account_store_; }

  // Runs `work` on the core's worker pool: where store calls belong.
  void post(std::function<void()> work);

  // A protocol session for a transport's connection; null when the protocol is off.
  std::shared_ptr<ClientSession> open(std::shared_ptr<ClientLink> link, SessionOptions options);
  // Signature and expiry only.
  std::optional<ClientIdentity> check_token(std::string_view token) const;

  // See Accounts::verify_access_token; nullopt when no store is configured. May block on
  // the store on a cache miss: call it from a worker (post) or use the async form.
  std::optional<Identity> verify_access_token(std::string_view token);
  // Checks on a worker and calls `done` there.
  void verify_access_token_async(std::string token,
                                 std::function<void(std::optional<Identity>)> done);
  // Drops cached checks for a user's device (or all its devices when `device` is empty),
  // so a revocation or ban takes effect on the next verify.
  void forget(const std::string& user, const std::string& device = {});

  // The bearer token that /v1/admin/* accepts from loopback: derived from the signing key,
  // so `switchboard ban` on the same machine can compute it from the data dir.
  static std::string admin_token(const std::string& jwt_key);

 private:
  void start_engine(CoreParts& parts, const std::string& key);
  void start_push(CoreParts& parts);
  // The chat list's bus observers and the status sweeper.
  void start_social(CoreParts& parts);
  // Hands the sessions overdue for an ack back to their strands ([messaging]
  // slow_consumer_timeout_ms).
  void start_ack_watch(Scheduler& scheduler);

  Logger& log_;
  std::shared_ptr<boost::asio::thread_pool> pool_;
  std::shared_ptr<AccountStore> account_store_;  // the store behind a read cache
  std::unique_ptr<Accounts> accounts_;
  std::shared_ptr<Engine> engine_;  // sessions share it: they may outlive the core
  std::vector<Subscription> routes_;
  Subscription sweeper_;
  Subscription metrics_timer_;
  Subscription ack_timer_;  // closes sessions whose device stopped acking
  std::vector<Subscription> social_;
  std::atomic<bool> sweeping_{false};
  std::atomic<bool> status_sweeping_{false};
  bool stopped_ = false;
};

}  // namespace sb::core
