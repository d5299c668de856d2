// SPDX-License-Identifier: Apache-2.0
// The store-sqlite plugin's manifest and registration: nothing else belongs in this file.
#include <switchboard/plugin.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/chat_list_store.hpp>
#include <switchboard/services/directory.hpp>
#include <switchboard/services/group_access.hpp>
#include <switchboard/services/group_store.hpp>
#include <switchboard/services/key_store.hpp>
#include <switchboard/services/kv_store.hpp>
#include <switchboard/services/media_index.hpp>
#include <switchboard/services/message_acks.hpp>
#include <switchboard/services/message_store.hpp>
#include <switchboard/services/profile_store.hpp>
#include <switchboard/services/push_store.hpp>
#include <switchboard/services/social_store.hpp>
#include <switchboard/services/status_store.hpp>
#include <switchboard/services/store_transfer.hpp>

#include "store_plugin.hpp"

namespace {

sb::Manifest manifest() {
  return {
      .name = "store-sqlite",
      .version = "1.0.0",
      .kind = "store",
      .description =
          "The embedded store: one SQLite database in WAL mode, a single writer "
          "with group commit for messages, pooled connections for the rest.",
      .provides =
          {std::string(sb::AccountStore::service_name), std::string(sb::MessageStore::service_name),
           std::string(sb::MessageAcks::service_name), std::string(sb::GroupStore::service_name),
           std::string(sb::GroupAccess::service_name), std::string(sb::KeyStore::service_name),
           std::string(sb::SocialStore::service_name), std::string(sb::PushStore::service_name),
           std::string(sb::StoreTransfer::service_name), std::string(sb::KvStore::service_name),
           std::string(sb::Directory::service_name), std::string(sb::ProfileStore::service_name),
           std::string(sb::StatusStore::service_name), std::string(sb::ChatListStore::service_name),
           std::string(sb::MediaIndex::service_name)},
      .requires_ = {},
      .consumes = {},
      .intercepts = {},
      .publishes = {},
      .schema = sb::store_sqlite::Config::schema()};
}

}  // namespace

SB_PLUGIN(manifest, sb::store_sqlite::StorePlugin)
