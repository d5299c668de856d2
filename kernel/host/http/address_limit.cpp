// SPDX-License-Identifier: Apache-2.0
// See address_limit.hpp.
#include "kernel/host/http/address_limit.hpp"

namespace sb::kernel {

AddressLimit::Hold& AddressLimit::Hold::operator=(Hold&& o) noexcept {
  if (this != &o) {
    reset();
    limit_ = o.limit_;
    address_ = std::move(o.address_);
    o.limit_ = nullptr;
  }
  return *this;
}

void AddressLimit::Hold::reset() {
  if (limit_) limit_->release(address_);
  limit_ = nullptr;
}

bool AddressLimit::admit(const std::string& address, Hold& out) {
  out.reset();
  if (cap_ == 0) return true;
  std::lock_guard lock(mutex_);
  auto& n = open_[address];
  if (n >= cap_) return false;
  ++n;
  out = Hold(this, address);
  return true;
}

std::size_t AddressLimit::open(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

void AddressLimit::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

}  // namespace sb::kernel
