// SPDX-License-Identifier: Apache-2.0
// What a client's first screen reads besides messages: profiles, status posts and the chat
// list, each over pooled connections to the one database.
#pragma once

#include <memory>

#include <switchboard/services/chat_list_store.hpp>
#include <switchboard/services/profile_store.hpp>
#include <switchboard/services/status_store.hpp>

#include "database.hpp"

namespace sb::store_sqlite {

class MessageWriter;

class SqliteProfileStore final : public ProfileStore {
 public:
  explicit SqliteProfileStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  std::optional<Profile> profile(const std::string& user) override;
  void put_profile(const Profile& profile) override;

 private:
  std::shared_ptr<Pool> pool_;
};

class SqliteStatusStore final : public StatusStore {
 public:
  explicit SqliteStatusStore(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  void add_status(const StatusPost& post) override;
  std::optional<StatusPost> status(const std::string& id) override;
  std::vector<StatusPost> statuses_of(const std::string& user, std::int64_t now_ms) override;
  std::vector<StatusPost> feed_candidates(const std::string& viewer, std::int64_t now_ms,
                                          std::size_t limit) override;
  bool delete_status(const std::string& id) override;
  bool add_view(const std::string& id, const std::string& viewer, std::int64_t ts) override;
  std::vector<StatusView> views(const std::string& id) override;
  std::vector<std::string> sweep_statuses(std::int64_t now_ms, std::size_t limit) override;

 private:
  std::shared_ptr<Pool> pool_;
};

class SqliteChatListStore final : public ChatListStore {
 public:
  SqliteChatListStore(std::shared_ptr<MessageWriter> writer, std::shared_ptr<Pool> pool)
      : writer_(std::move(writer)), pool_(std::move(pool)) {}

  void record_message(const ChatActivity& message, const std::vector<std::string>& users) override;
  void record_read(const std::string& user, const std::string& chat,
                   std::int64_t upto_seq) override;
  std::vector<ChatListEntry> chat_list(const std::string& user, std::size_t limit) override;

 private:
  std::shared_ptr<MessageWriter> writer_;  // the updates ride in its batches
  std::shared_ptr<Pool> pool_;
};

}  // namespace sb::store_sqlite
