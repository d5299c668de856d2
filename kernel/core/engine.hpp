// SPDX-License-Identifier: Apache-2.0
// The messaging core's shared parts (settings, stores, bus, live sessions, presence) and the
// delivery steps every op uses: store into inboxes, then push to the live sessions.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/bus.hpp>
#include <switchboard/log.hpp>
#include <switchboard/metrics.hpp>
#include <switchboard/scheduler.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/group_access.hpp>
#include <switchboard/services/group_store.hpp>
#include <switchboard/services/key_store.hpp>
#include <switchboard/services/message_acks.hpp>
#include <switchboard/services/message_store.hpp>
#include <switchboard/services/messaging.hpp>
#include <switchboard/services/push_store.hpp>
#include <switchboard/services/social_store.hpp>

#include "kernel/core/accounts.hpp"
#include "kernel/core/ack_watch.hpp"
#include "kernel/core/group_receipts.hpp"
#include "kernel/core/keys_low.hpp"
#include "kernel/core/op_limits.hpp"
#include "kernel/core/op_registry.hpp"
#include "kernel/core/presence.hpp"
#include "kernel/core/session_registry.hpp"
#include "kernel/host/settings.hpp"

namespace sb::core {

class PushDispatcher;

struct Stores {
  std::shared_ptr<AccountStore> accounts;
  std::shared_ptr<MessageStore> messages;
  std::shared_ptr<GroupStore> groups;
  std::shared_ptr<KeyStore> keys;
  std::shared_ptr<SocialStore> social;
  std::shared_ptr<MessageAcks> acks;    // optional: acks in the store's group commit
  std::shared_ptr<PushStore> push;      // optional: push subscriptions
  std::shared_ptr<GroupAccess> access;  // optional: join seqs, invite epochs, group-add privacy
};

class Engine {
 public:
  Engine(kernel::MessagingSettings settings, Stores stores, Accounts& accounts, Bus& bus,
         Scheduler& scheduler, Logger& log, std::shared_ptr<boost::asio::thread_pool> pool,
         const OpRegistry& plugin_ops, std::string secret);

  const kernel::MessagingSettings settings;
  const Stores stores;
  Accounts& accounts;
  Bus& bus;
  Scheduler& scheduler;
  Logger& log;
  boost::asio::thread_pool& pool;  // owned by pool_owner_, so strands outlive the core
  SessionRegistry sessions;
  Presence presence;
  OpLimits limits{settings.limits};  // [limits]
  // Sessions waiting for an ack before they send more; closed when none comes in time.
  AckWatch ack_watch{settings.slow_consumer_timeout};
  KeysLowNotices keys_low;
  GroupReceipts group_receipts{*this};  // delivered receipts in groups, across members

  std::int64_t now_ms() const;
  // A key for signing invite codes, derived from the server's secret.
  const std::string& invite_key() const { return invite_key_; }

  // Pushes what an append stored to the live sessions of its targets; devices without one
  // get message.undelivered (push providers).
  void push_appended(std::shared_ptr<const MessageWrite> write, const AppendResult& result);
  // Stores events (receipts, group notices) in inboxes, then pushes them live. `stored`, when
  // given, runs on the store's writer thread once the append is done (or failed); it must only
  // post.
  void append_events(std::vector<EventWrite> events, std::function<void()> stored = {});
  // One event entry for each device of `user`.
  void add_for_devices(std::vector<EventWrite>& out, const std::string& user,
                       const std::string& kind, const std::string& chat,
                       const std::string& payload);
  // A frame that is not kept (typing, presence, keys.low) to a user's or a device's live
  // sessions.
  void push_transient(const std::string& user, const std::string& device, std::string frame);

  // Drops the cached token checks and closes the live sessions of a device (every device
  // when `device` is empty) with session.revoked; publishes device.revoked.
  void revoke(const std::string& user, const std::string& device, const std::string& reason);
  // Counts revocations, so a session that authenticated while one ran can check again.
  std::uint64_t revocations() const { return revocations_.load(); }
  // The user exists and is not banned, and the device exists (a store read).
  bool in_good_standing(const std::string& user, const std::string& device);
  // Bans or unbans a user: a ban revokes every device's sessions and drops its push
  // subscriptions. False when no such user.
  bool set_banned(const std::string& user, bool banned);

  // Accept -> frame handed to a live recipient's connection; set by the core when the
  // kernel gives it a metrics registry.
  Histogram* delivery_latency = nullptr;
  // Sessions closed because their device stopped acking; set with the latency histogram.
  Counter* slow_consumers = nullptr;

  // Ops that plugins added (Messaging::add_op).
  const OpRegistry& plugin_ops;
  // Push providers and their dispatcher; null when no store keeps subscriptions. Set once by
  // the core before any session opens.
  std::shared_ptr<PushDispatcher> push;

 private:
  std::shared_ptr<boost::asio::thread_pool> pool_owner_;
  std::atomic<std::uint64_t> revocations_{0};
  std::string invite_key_;
};

}  // namespace sb::core
