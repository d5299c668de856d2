// SPDX-License-Identifier: Apache-2.0
// The store conformance suite's only link to a backend: a StoreFactory opens the five store
// services on fresh data, closes them, and opens them again on the same data. A backend joins
// the suite with one SB_INSTANTIATE_STORE_CONFORMANCE line; the tests use only SDK interfaces.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include <switchboard/services/account_store.hpp>
#include <switchboard/services/chat_list_store.hpp>
#include <switchboard/services/directory.hpp>
#include <switchboard/services/group_access.hpp>
#include <switchboard/services/group_store.hpp>
#include <switchboard/services/key_store.hpp>
#include <switchboard/services/media_index.hpp>
#include <switchboard/services/message_acks.hpp>
#include <switchboard/services/message_store.hpp>
#include <switchboard/services/profile_store.hpp>
#include <switchboard/services/push_store.hpp>
#include <switchboard/services/social_store.hpp>
#include <switchboard/services/status_store.hpp>

namespace sb::conformance {

struct StoreSet {
  std::shared_ptr<AccountStore> accounts;
  std::shared_ptr<MessageStore> messages;
  std::shared_ptr<GroupStore> groups;
  std::shared_ptr<KeyStore> keys;
  std::shared_ptr<SocialStore> social;
  std::shared_ptr<MessageAcks> acks;         // optional service: null when the store has none
  std::shared_ptr<PushStore> push;           // optional service: null when the store has none
  std::shared_ptr<Directory> directory;      // optional service: admin search and removal
  std::shared_ptr<GroupAccess> access;       // optional service: null when the store has none
  std::shared_ptr<ProfileStore> profiles;    // optional service: null when the store has none
  std::shared_ptr<StatusStore> statuses;     // optional service: null when the store has none
  std::shared_ptr<ChatListStore> chat_list;  // optional service: null when the store has none
  std::shared_ptr<MediaIndex> media;         // optional service: null when the store has none
};

class StoreFactory {
 public:
  virtual ~StoreFactory() = default;
  // Starts the stores: on empty data the first time, on what close() left afterwards.
  virtual StoreSet open() = 0;
  // Stops the stores as a shutdown would. The caller has dropped every StoreSet pointer.
  virtual void close() = 0;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<StoreFactory>()> make;
};

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

// How GoogleTest (and so ctest's test list) shows a backend: by name, not as raw bytes.
inline void PrintTo(const Backend& backend, std::ostream* os) {
  *os << backend.name;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    factory_ = GetParam().make();
    s = factory_->open();
  }
  void TearDown() override {
    s = {};
    if (factory_) factory_->close();
    factory_.reset();
  }
  // A clean shutdown and start on the same data.
  void restart() {
    s = {};
    factory_->close();
    s = factory_->open();
  }
  MessageStore& messages() { return *s.messages; }

  StoreSet s;

 private:
  std::unique_ptr<StoreFactory> factory_;
};

inline constexpr auto kWait = std::chrono::seconds(20);

// Appends and waits (bounded) for `done`; a StoreError comes back as an exception.
inline AppendResult append_sync(MessageStore& store, MessageWrite write) {
  auto promise = std::make_shared<std::promise<AppendResult>>();
  auto future = promise->get_future();
  store.append(std::move(write), [promise](const AppendResult* r, const StoreError* e) {
    if (e)
      promise->set_exception(std::make_exception_ptr(*e));
    else
      promise->set_value(*r);
  });
  if (future.wait_for(kWait) != std::future_status::ready)
    throw std::runtime_error("append: done was not called in time");
  return future.get();
}

inline std::vector<InboxCursor> append_events_sync(MessageStore& store,
                                                   std::vector<EventWrite> events) {
  auto promise = std::make_shared<std::promise<std::vector<InboxCursor>>>();
  auto future = promise->get_future();
  store.append_events(std::move(events),
                      [promise](std::vector<InboxCursor> cursors, const StoreError* e) {
                        if (e)
                          promise->set_exception(std::make_exception_ptr(*e));
                        else
                          promise->set_value(std::move(cursors));
                      });
  if (future.wait_for(kWait) != std::future_status::ready)
    throw std::runtime_error("append_events: done was not called in time");
  return future.get();
}

// A message from (user, device) to `chat` landing in `targets`.
inline MessageWrite message(std::string chat, std::string user, std::string device,
                            std::string client_id, std::string body,
                            std::vector<InboxTarget> targets) {
  MessageWrite w;
  w.chat = std::move(chat);
  w.sender_user = std::move(user);
  w.sender_device = std::move(device);
  w.client_msg_id = std::move(client_id);
  w.body = std::move(body);
  w.targets = std::move(targets);
  return w;
}

}  // namespace sb::conformance

// Runs every conformance suite against one backend.
#define SB_INSTANTIATE_STORE_CONFORMANCE(backend)                                                  \
  INSTANTIATE_TEST_SUITE_P(backend, MessageStoreConformance,                                       \
                           ::testing::Values(backend##_backend()),                                 \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, RetentionConformance, ::testing::Values(backend##_backend()),  \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, AccountStoreConformance,                                       \
                           ::testing::Values(backend##_backend()),                                 \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, GroupStoreConformance, ::testing::Values(backend##_backend()), \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, KeyStoreConformance, ::testing::Values(backend##_backend()),   \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, SocialStoreConformance,                                        \
                           ::testing::Values(backend##_backend()),                                 \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, DataSetConformance, ::testing::Values(backend##_backend()),    \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, PushStoreConformance, ::testing::Values(backend##_backend()),  \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, DirectoryConformance, ::testing::Values(backend##_backend()),  \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, ProfileStoreConformance,                                       \
                           ::testing::Values(backend##_backend()),                                 \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, StatusStoreConformance,                                        \
                           ::testing::Values(backend##_backend()),                                 \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, ChatListStoreConformance,                                      \
                           ::testing::Values(backend##_backend()),                                 \
                           ::sb::conformance::backend_name);                                       \
  INSTANTIATE_TEST_SUITE_P(backend, MediaIndexConformance, ::testing::Values(backend##_backend()), \
                           ::sb::conformance::backend_name)

namespace sb::conformance {
class MessageStoreConformance : public StoreTest {};
class RetentionConformance : public StoreTest {};
class AccountStoreConformance : public StoreTest {};
class GroupStoreConformance : public StoreTest {};
class KeyStoreConformance : public StoreTest {};
class SocialStoreConformance : public StoreTest {};
class DataSetConformance : public StoreTest {};
class PushStoreConformance : public StoreTest {};
class DirectoryConformance : public StoreTest {};
class ProfileStoreConformance : public StoreTest {};
class StatusStoreConformance : public StoreTest {};
class ChatListStoreConformance : public StoreTest {};
class MediaIndexConformance : public StoreTest {};
}  // namespace sb::conformance
