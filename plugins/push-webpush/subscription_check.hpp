// SPDX-License-Identifier: Apache-2.0
// Whether a Web Push subscription can work, before it is stored: the client's keys decode
// to a P-256 point and a 16-byte secret, and the endpoint is an http(s) URL whose host
// resolves to public addresses only (unless the deployment allows private ones).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include <switchboard/services/push.hpp>

#include "p256.hpp"

namespace webpush {

// The decoded keys of a subscription that passed the key checks.
struct SubscriptionKeys {
  Key ua_public;
  std::string auth;
};

// The keys, or an error naming the field ("p256dh: ...", "auth: ...").
std::variant<SubscriptionKeys, std::string> decode_keys(const sb::PushSubscription& s);

// Nullopt when acceptable, else one error naming the field. Resolves the endpoint's host
// (a blocking DNS look-up) unless `allow_private`.
std::optional<std::string> check_subscription(const sb::PushSubscription& s, bool allow_private);

}  // namespace webpush
