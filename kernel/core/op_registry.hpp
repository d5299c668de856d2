// SPDX-License-Identifier: Apache-2.0
// The protocol ops that plugins add (bots.list, mqtt.credentials). It outlives the core:
// plugins add their ops in start(), before the core is created.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/services/messaging.hpp>

namespace sb::core {

class OpRegistry {
 public:
  // Throws std::invalid_argument when the op is a core op or taken by another plugin.
  Subscription add(std::string op, OpHandler handler);
  std::shared_ptr<const OpHandler> find(const std::string& op) const;
  // Every op added now (the authorization matrix test walks them).
  std::vector<std::string> names() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const OpHandler>> ops_;
};

}  // namespace sb::core
