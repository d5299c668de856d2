// SPDX-License-Identifier: Apache-2.0
// See address_limit.hpp.
#include "address_limit.hpp"

namespace transport_websocket {

std::string AddressLimit::address_of(std::string_view remote) {
  if (remote.starts_with('[')) {
    auto close = remote.find(']');
    return std::string(remote.substr(1, close == remote.npos ? remote.npos : close - 1));
  }
  auto colon = remote.rfind(':');
  // One colon: "ip:port". Several without brackets: a bare IPv6 address.
  if (colon != remote.npos && remote.find(':') == colon)
    return std::string(remote.substr(0, colon));
  return std::string(remote);
}

bool AddressLimit::acquire(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto& n = open_[address];
  if (max_ != 0 && n >= max_) {
    if (n == 0) open_.erase(address);
    return false;
  }
  ++n;
  return true;
}

void AddressLimit::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

std::size_t AddressLimit::count(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

}  // namespace transport_websocket
