// SPDX-License-Identifier: Apache-2.0
// MessageAcks: acks committed with the store's group commit rather than in a transaction
// each. Optional; without it the core calls MessageStore::ack on a worker thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/message_store.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb {

class MessageAcks {
 public:
  static constexpr std::string_view service_name = "message-acks";
  virtual ~MessageAcks() = default;

  // As MessageStore::ack, but queued: `done` runs once the ack is durable, on the store's
  // thread (keep it short: post elsewhere). Exactly one of `delivered` (possibly empty) and
  // `error` is meaningful: `error` is null on success.
  using AckDone = std::function<void(std::vector<Delivered> delivered, const StoreError* error)>;
  virtual void ack(const std::string& user, const std::string& device, std::int64_t cursor,
                   AckDone done) = 0;
};

}  // namespace sb
