// SPDX-License-Identifier: Apache-2.0
// PushProvider: wakes an offline device through a push service (Web Push, a webhook, FCM,
// APNs). The core decides when to push, coalesces, retries and forgets gone subscriptions;
// a provider only checks a subscription and sends one notification. Each instance provides
// the service under its own id, which clients name as a subscription's `provider`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <switchboard/json.hpp>

namespace sb {

// One device's registration with one provider instance.
struct PushSubscription {
  std::string id{};  // assigned by the core
  std::string user{};
  std::string device{};
  std::string provider{};  // the provider's instance id
  std::string endpoint{};  // Web Push endpoint URL, or the FCM/APNs/relay token
  std::string p256dh{};    // Web Push: the client's P-256 public key, base64url
  std::string auth{};      // Web Push: the client's 16-byte auth secret, base64url
  std::int64_t created_ms = 0;
};

// What one push says. Never message content: the chat, how many items wait, and at most
// the sender's display name when the provider's config asks for it.
struct PushNotice {
  std::string kind{};  // "message", "group", "call", "status"
  std::string chat{};
  std::int64_t count = 0;     // items waiting since the device was last online
  std::string sender_name{};  // empty unless the provider wants it
  std::string
      collapse_key{};  // replaces a pending push with the same key (Topic, apns-collapse-id)
  bool urgent = true;  // messages and calls: high priority
  std::int64_t ttl_s = 86400;
  std::int64_t ts = 0;
};

struct PushResult {
  enum class Outcome {
    sent,     // the service took it
    gone,     // the subscription no longer exists there (404/410, UNREGISTERED, ...)
    retry,    // try again later (429, 5xx, a network error)
    dropped,  // the service refused this push for good (400, 413): logged, not retried
  };
  Outcome outcome = Outcome::sent;
  int status = 0;                    // the HTTP status, 0 without a response
  std::int64_t retry_after_ms = -1;  // the service's Retry-After, -1 when it gave none
  std::string reason{};              // for the log
};

class PushProvider {
 public:
  static constexpr std::string_view service_name = "push";
  virtual ~PushProvider() = default;

  // "webpush", "webhook", "fcm", "apns": what clients must register for this instance.
  virtual std::string kind() const = 0;
  // Whether notices should carry the sender's display name (a config choice).
  virtual bool wants_sender_name() const { return false; }
  // Public facts a client needs to subscribe (Web Push: {"vapid_public_key": ...}).
  virtual json::object public_info() const { return {}; }
  // A clear error naming the field ("p256dh: must be a 65-byte uncompressed P-256 point")
  // when the subscription cannot work; nullopt when it is acceptable. Called on a core
  // worker; may block briefly (a DNS look-up).
  virtual std::optional<std::string> check(const PushSubscription& subscription) const = 0;
  // Sends one notification and returns at once; `done` runs exactly once, on any thread.
  virtual void send(const PushSubscription& subscription, const PushNotice& notice,
                    std::function<void(PushResult)> done) = 0;
};

}  // namespace sb
