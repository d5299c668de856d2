// SPDX-License-Identifier: Apache-2.0
// StoreTransfer (optional): a store's whole data set as plain records, out and in, so that
// `switchboard migrate-store` can move a deployment from one store plugin to another.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/account_store.hpp>
#include <switchboard/services/group_store.hpp>
#include <switchboard/services/key_store.hpp>
#include <switchboard/services/message_store.hpp>
#include <switchboard/services/social_store.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb {

struct TransferRefreshToken {
  std::string token_hash{};
  RefreshGrant grant{};
};

// A message as held, with what the store needs beyond StoredMessage.
struct TransferMessage {
  StoredMessage message{};
  std::string client_msg_id{};
  std::int64_t expires_ms = 0;
};

// One inbox row. A message row has seq > 0 and a body only when the sender encrypted for
// this device; a receipt or group event has seq 0, a payload and its own ts.
struct TransferInboxRow {
  std::string user{};
  std::string device{};
  std::int64_t cursor = 0;
  std::string kind{};
  std::string chat{};
  std::int64_t seq = 0;
  std::optional<std::string> body{};
  std::optional<std::string> payload{};
  std::int64_t ts = 0;
};

// The highest seq a chat ever handed out, even when retention deleted those messages.
struct TransferChatCounter {
  std::string chat{};
  std::int64_t last_seq = 0;
};

// The highest cursor a device's inbox ever handed out, and the cursor it acked.
struct TransferDeviceCounter {
  std::string user{};
  std::string device{};
  std::int64_t last_cursor = 0;
  std::int64_t acked_cursor = 0;
};

struct TransferReadMark {
  std::string chat{};
  std::string user{};
  std::int64_t seq = 0;
};

struct TransferDeviceKeys {
  std::string user{};
  std::string device{};
  DeviceKeys keys{};  // one_time: every one-time prekey still held
};

struct TransferPrivacy {
  std::string user{};
  PrivacySettings settings{};
};

// A contact (user -> contact) or a block (user -> blocked).
struct TransferPair {
  std::string user{};
  std::string other{};
};

// GroupAccess state (ABI 1.9): the first seq of a group's chat a member reads, a group's
// invite epoch, whom a user lets add them to groups. Import them after the groups they name.
struct TransferJoinSeq {
  std::string group{};
  std::string user{};
  std::int64_t joined_seq = 1;
};

struct TransferInviteEpoch {
  std::string group{};
  std::int64_t epoch = 0;
};

struct TransferGroupAddPrivacy {
  std::string user{};
  std::string who{};
};

// Some records of each kind; GroupRecord carries its members in their order.
struct TransferBatch {
  std::vector<UserRecord> users{};
  std::vector<DeviceRecord> devices{};
  std::vector<LoginCode> login_codes{};
  std::vector<TransferRefreshToken> refresh_tokens{};
  std::vector<TransferMessage> messages{};
  std::vector<TransferInboxRow> inbox{};
  std::vector<TransferChatCounter> chat_counters{};
  std::vector<TransferDeviceCounter> device_counters{};
  std::vector<TransferReadMark> read_marks{};
  std::vector<GroupRecord> groups{};
  std::vector<TransferDeviceKeys> device_keys{};
  std::vector<TransferPrivacy> privacy{};
  std::vector<TransferPair> contacts{};
  std::vector<TransferPair> blocks{};
  std::vector<TransferJoinSeq> join_seqs{};
  std::vector<TransferInviteEpoch> invite_epochs{};
  std::vector<TransferGroupAddPrivacy> group_add_privacy{};

  std::size_t size() const {
    return users.size() + devices.size() + login_codes.size() + refresh_tokens.size() +
           messages.size() + inbox.size() + chat_counters.size() + device_counters.size() +
           read_marks.size() + groups.size() + device_keys.size() + privacy.size() +
           contacts.size() + blocks.size() + join_seqs.size() + invite_epochs.size() +
           group_add_privacy.size();
  }
};

class StoreTransfer {
 public:
  static constexpr std::string_view service_name = "store-transfer";
  virtual ~StoreTransfer() = default;

  // Calls `sink` with every record the store holds, in batches of about `batch_rows`
  // records, all read from one consistent snapshot. Throws StoreError.
  virtual void export_all(std::size_t batch_rows,
                          const std::function<void(const TransferBatch&)>& sink) = 0;
  // True when the store holds no record of any kind.
  virtual bool empty() = 0;
  // Writes one batch in one transaction; counters only ever go up. A key the store already
  // holds throws StoreError (conflict). Meant for a store nobody else is writing to.
  virtual void import_batch(const TransferBatch& batch) = 0;
};

}  // namespace sb
