// SPDX-License-Identifier: Apache-2.0
// PushStore: the push subscriptions of each device. Removing a device (AccountStore::
// remove_device) removes its subscriptions too. Called from core workers; may block; throws
// StoreError.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <switchboard/services/push.hpp>
#include <switchboard/services/store_error.hpp>

namespace sb {

class PushStore {
 public:
  static constexpr std::string_view service_name = "push-store";
  virtual ~PushStore() = default;

  // Adds the subscription, or replaces the device's one with the same provider and endpoint
  // (keeping that one's id).
  virtual void put_push_subscription(const PushSubscription& subscription) = 0;
  // The device's subscriptions, oldest first; every device of the user when `device` is "".
  virtual std::vector<PushSubscription> push_subscriptions(const std::string& user,
                                                           const std::string& device) = 0;
  // False when the device has no subscription with that id.
  virtual bool remove_push_subscription(const std::string& user, const std::string& device,
                                        const std::string& id) = 0;
  // Every subscription of the device, or of every device of the user when `device` is "".
  virtual void remove_push_subscriptions(const std::string& user, const std::string& device) = 0;
};

}  // namespace sb
