// SPDX-License-Identifier: Apache-2.0
// Open connections per client IP address, bounded: acquire at upgrade, release on close.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace transport_websocket {

class AddressLimit {
 public:
  explicit AddressLimit(std::size_t max_per_address) : max_(max_per_address) {}
  // The IP part of "ip:port" or "[v6]:port".
  static std::string address_of(std::string_view remote);
  // False when `address` already has the maximum (0: no limit).
  bool acquire(const std::string& address);
  void release(const std::string& address);
  std::size_t count(const std::string& address) const;

 private:
  std::size_t max_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace transport_websocket
