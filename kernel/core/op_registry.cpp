// SPDX-License-Identifier: Apache-2.0
// See op_registry.hpp.
#include "kernel/core/op_registry.hpp"

#include <stdexcept>

#include "kernel/core/dispatcher.hpp"

namespace sb::core {

Subscription OpRegistry::add(std::string op, OpHandler handler) {
  if (op.empty() || op == "auth" || core_ops().contains(op))
    throw std::invalid_argument("op \"" + op + "\" is a core op");
  std::lock_guard lock(mutex_);
  if (ops_.contains(op)) throw std::invalid_argument("op \"" + op + "\" was added already");
  ops_[op] = std::make_shared<const OpHandler>(std::move(handler));
  return Subscription([this, op] {
    std::lock_guard lock(mutex_);
    ops_.erase(op);
  });
}

std::shared_ptr<const OpHandler> OpRegistry::find(const std::string& op) const {
  std::lock_guard lock(mutex_);
  auto it = ops_.find(op);
  return it == ops_.end() ? nullptr : it->second;
}

std::vector<std::string> OpRegistry::names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (auto& [name, handler] : ops_) out.push_back(name);
  return out;
}

}  // namespace sb::core
