// SPDX-License-Identifier: Apache-2.0
// Rate limits per op class ([limits]): each op is counted per device and per client address
// before it runs, and refused with rate_limited (retry_after, the setting named) beyond them.
// NamedLimit is the reusable piece for features that need their own budget.
// Classes: sends, group changes, contact lookups, prekey fetches, reads, contact changes,
// blocks, presence subscriptions, push subscriptions, status posts, profile changes.
#pragma once

#include <string>
#include <string_view>

#include "kernel/core/rate_limiter.hpp"
#include "kernel/host/settings.hpp"

namespace sb::core {

// One configured limit: a sliding window per key, off when its count is 0.
class NamedLimit {
 public:
  // `setting` names the config key in refusals ("limits.sends_per_device_per_minute").
  NamedLimit(std::string setting, kernel::RateRule rule);

  // Records one event for `key`, or throws ProtocolError("rate_limited") saying `what` was
  // limited, by which setting, with `retry_after` (seconds) in its details.
  void take(const std::string& key, std::string_view what);
  // Whether take() would refuse, without recording; nothing when off.
  void check(const std::string& key, std::string_view what);

 private:
  [[noreturn]] void refuse(std::chrono::seconds wait, std::string_view what) const;

  std::string setting_;
  kernel::RateRule rule_;
  RateLimiter limiter_;
};

class OpLimits {
 public:
  explicit OpLimits(const kernel::LimitsSettings& settings);

  // Counts one call of `op` by the device and from `address` (an IP; empty: none, as for
  // in-process bots); throws rate_limited when a limit of its class is used up. Ops outside
  // every class pass.
  void admit(std::string_view op, const std::string& user, const std::string& device,
             const std::string& address);

  // keys.bundle: `user` fetching `target`'s one-time prekeys (Signal's per-pair limit).
  NamedLimit prekey_pairs;

 private:
  struct Class {
    NamedLimit per_device, per_address;
    std::string_view what;
  };
  Class* class_of(std::string_view op);

  Class sends_, group_changes_, lookups_, prekey_fetches_, reads_;
  // Writes that fan out to others (profile and status events, presence watches) or reach
  // outside (push endpoints): cheap for an honest client, a lever for a flood.
  Class contact_changes_, blocks_, presence_subscriptions_, push_subscriptions_, status_posts_,
      profile_changes_;
  Class media_urls_;
};

}  // namespace sb::core
