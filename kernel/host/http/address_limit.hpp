// SPDX-License-Identifier: Apache-2.0
// server.max_connections_per_address: plain-HTTP connections open at once per client address,
// so one address cannot hold every connection slot. A hold is taken when the acceptor admits
// a socket and given back when the connection ends or becomes a WebSocket (whose own cap is
// the transport's).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sb::kernel {

class AddressLimit {
 public:
  explicit AddressLimit(std::size_t cap) : cap_(cap) {}

  // One connection's place; gives it back when reset or destroyed.
  class Hold {
   public:
    Hold() = default;
    Hold(Hold&& o) noexcept : limit_(o.limit_), address_(std::move(o.address_)) {
      o.limit_ = nullptr;
    }
    Hold& operator=(Hold&& o) noexcept;
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    ~Hold() { reset(); }
    void reset();

   private:
    friend class AddressLimit;
    Hold(AddressLimit* limit, std::string address) : limit_(limit), address_(std::move(address)) {}
    AddressLimit* limit_ = nullptr;
    std::string address_;
  };

  // Fills `out` with a place for `address` (the IP address without port); false when the
  // address already has `cap` connections open. Cap 0: no limit (and no counting).
  bool admit(const std::string& address, Hold& out);
  std::size_t open(const std::string& address) const;

 private:
  void release(const std::string& address);

  std::size_t cap_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace sb::kernel
