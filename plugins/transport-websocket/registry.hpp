// SPDX-License-Identifier: Apache-2.0
// What the transport knows about its open connections: per-address counts, the ones still
// waiting for an `auth` frame (with their deadline) and every live one (for drain).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "address_limit.hpp"

namespace transport_websocket {

class WsClient;

class Registry {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Registry(std::size_t max_per_address) : limits_(max_per_address) {}

  AddressLimit& limits() { return limits_; }

  void add(const std::shared_ptr<WsClient>& client, bool awaiting_auth, Clock::time_point deadline);
  void authenticated(const WsClient* client);
  void remove(const WsClient* client);

  // Closes (4002) every client whose auth deadline passed. Timer thread.
  void expire_auth(Clock::time_point now);
  // Closes every live client with `code` (drain, stop).
  void close_all(std::uint16_t code, const std::string& reason);
  std::size_t size() const;

 private:
  AddressLimit limits_;
  mutable std::mutex mutex_;
  std::unordered_map<const WsClient*, std::weak_ptr<WsClient>> live_;
  std::unordered_map<const WsClient*, Clock::time_point> awaiting_auth_;
};

}  // namespace transport_websocket
