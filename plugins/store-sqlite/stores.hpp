// SPDX-License-Identifier: Apache-2.0
// The five SDK store interfaces and StoreTransfer over one SQLite database. Appends go
// through the MessageWriter; every other call borrows a connection from the pool and blocks.
#pragma once

#include <memory>

#include <switchboard/services/account_store.hpp>
#include <switchboard/services/group_access.hpp>
#include <switchboard/services/group_store.hpp>
#include <switchboard/services/key_store.hpp>
#include <switchboard/services/message_acks.hpp>
#include <switchboard/services/message_store.hpp>
#include <switchboard/services/push_store.hpp>
#include <switchboard/services/social_store.hpp>
#include <switchboard/services/store_transfer.hpp>

#include "database.hpp"
#include "message_writer.hpp"

namespace sb::store_sqlite {

class SqliteMessageStore final : public MessageStore, public MessageAcks {
 public:
  SqliteMessageStore(std::shared_ptr<MessageWriter> writer, std::shared_ptr<Pool> pool)
      : writer_(std::move(writer)), pool_(std::move(pool)) {}

  void append(MessageWrite write, AppendDone done) override;
  void append_events(std::vector<EventWrite> events, EventsDone done) override;
  std::vector<InboxEntry> inbox(const std::string& user, const std::string& device,
                                std::int64_t after_cursor, int limit) override;
  std::vector<Delivered> ack(const std::string& user, const std::string& device,
                             std::int64_t cursor) override;
  void ack(const std::string& user, const std::string& device, std::int64_t cursor,
           AckDone done) override;
  std::int64_t acked_cursor(const std::string& user, const std::string& device) override;
  std::vector<StoredMessage> history(const std::string& chat, std::int64_t before_seq,
                                     int limit) override;
  std::vector<std::string> mark_read(const std::string& chat, const std::string& user,
                                     std::int64_t upto_seq) override;
  std::int64_t sweep(std::int64_t now_ms, Retention retention,
                     std::int64_t undelivered_ttl_ms) override;
  void flush() override;

 private:
  std::shared_ptr<MessageWriter> writer_;
  std::shared_ptr<Pool> pool_;
};

class SqliteAccountStore final : public AccountStore {
 public:
  explicit SqliteAccountStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  std::optional<UserRecord> user_by_phone(const std::string& phone) override;
  std::optional<UserRecord> user_by_id(const std::string& id) override;
  UserRecord create_user(const UserRecord& user) override;
  void set_banned(const std::string& user, bool banned) override;
  void set_display_name(const std::string& user, const std::string& name) override;
  void add_device(const DeviceRecord& device) override;
  std::vector<DeviceRecord> devices(const std::string& user) override;
  bool remove_device(const std::string& user, const std::string& device) override;
  void touch_device(const std::string& user, const std::string& device, std::int64_t ms) override;
  void put_login_code(const LoginCode& code) override;
  std::optional<LoginCode> login_code(const std::string& phone) override;
  int count_login_attempt(const std::string& phone) override;
  void delete_login_code(const std::string& phone) override;
  void put_refresh_token(const std::string& token_hash, const RefreshGrant& grant) override;
  std::optional<RefreshGrant> take_refresh_token(const std::string& token_hash) override;
  void delete_refresh_tokens(const std::string& user, const std::string& device) override;

 private:
  std::shared_ptr<Pool> pool_;
};

class SqliteGroupStore final : public GroupStore {
 public:
  explicit SqliteGroupStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  void create_group(const GroupRecord& group) override;
  std::optional<GroupRecord> group(const std::string& id) override;
  std::vector<std::string> add_members(const std::string& group,
                                       const std::vector<GroupMember>& members) override;
  std::vector<std::string> remove_members(const std::string& group,
                                          const std::vector<std::string>& users) override;
  bool set_role(const std::string& group, const std::string& user,
                const std::string& role) override;
  void set_name(const std::string& group, const std::string& name) override;
  void set_policy(const std::string& group, const std::string& policy) override;
  std::vector<std::string> groups_of(const std::string& user) override;

 private:
  std::shared_ptr<Pool> pool_;
};

class SqliteGroupAccess final : public GroupAccess {
 public:
  explicit SqliteGroupAccess(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  std::optional<std::int64_t> join_seq(const std::string& group, const std::string& user) override;
  std::int64_t invite_epoch(const std::string& group) override;
  std::int64_t bump_invite_epoch(const std::string& group) override;
  std::optional<std::string> group_add_privacy(const std::string& user) override;
  void set_group_add_privacy(const std::string& user, const std::string& who) override;

 private:
  std::shared_ptr<Pool> pool_;
};

class SqliteKeyStore final : public KeyStore {
 public:
  explicit SqliteKeyStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  void upload(const std::string& user, const std::string& device, const DeviceKeys& keys) override;
  std::vector<KeyBundle> take_bundles(const std::string& user) override;
  std::int64_t one_time_count(const std::string& user, const std::string& device) override;

 private:
  std::shared_ptr<Pool> pool_;
};

class SqliteSocialStore final : public SocialStore {
 public:
  explicit SqliteSocialStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  PrivacySettings privacy(const std::string& user) override;
  void set_privacy(const std::string& user, const PrivacySettings& settings) override;
  void add_contacts(const std::string& user, const std::vector<std::string>& contacts) override;
  void remove_contacts(const std::string& user, const std::vector<std::string>& contacts) override;
  bool is_contact(const std::string& user, const std::string& contact) override;
  std::vector<std::string> contacts(const std::string& user) override;
  void block(const std::string& user, const std::string& blocked) override;
  void unblock(const std::string& user, const std::string& blocked) override;
  bool is_blocked(const std::string& user, const std::string& other) override;

 private:
  std::shared_ptr<Pool> pool_;
};

class SqlitePushStore final : public PushStore {
 public:
  explicit SqlitePushStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  void put_push_subscription(const PushSubscription& s) override;
  std::vector<PushSubscription> push_subscriptions(const std::string& user,
                                                   const std::string& device) override;
  bool remove_push_subscription(const std::string& user, const std::string& device,
                                const std::string& id) override;
  void remove_push_subscriptions(const std::string& user, const std::string& device) override;

 private:
  std::shared_ptr<Pool> pool_;
};

// The whole data set out (a read transaction on a pooled connection) and in (through the
// writer, so that its counters rise with the rows).
class SqliteStoreTransfer final : public StoreTransfer {
 public:
  SqliteStoreTransfer(std::shared_ptr<MessageWriter> writer, std::shared_ptr<Pool> pool)
      : writer_(std::move(writer)), pool_(std::move(pool)) {}

  void export_all(std::size_t batch_rows,
                  const std::function<void(const TransferBatch&)>& sink) override;
  bool empty() override;
  void import_batch(const TransferBatch& batch) override;

 private:
  std::shared_ptr<MessageWriter> writer_;
  std::shared_ptr<Pool> pool_;
};

}  // namespace sb::store_sqlite
