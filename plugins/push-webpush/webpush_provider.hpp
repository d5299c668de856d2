// SPDX-License-Identifier: Apache-2.0
// The PushProvider of push-webpush: checks a browser's or UnifiedPush distributor's
// subscription, and sends one encrypted, VAPID-signed notice through the kernel's HTTP
// client. When and how often to push, and retrying, are the core's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include <switchboard/log.hpp>
#include <switchboard/push_support.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "vapid.hpp"

namespace webpush {

struct ProviderOptions {
  bool sender_name = false;
  bool allow_private_endpoints = false;
  std::string ca_file;
  std::int64_t timeout_ms = 10000;
  std::int64_t degraded_after = 5;
};

class WebPushProvider final : public sb::PushProvider {
 public:
  WebPushProvider(std::shared_ptr<Vapid> vapid, std::shared_ptr<sb::HttpClient> http,
                  ProviderOptions options, sb::Logger& log);

  std::string kind() const override { return "webpush"; }
  bool wants_sender_name() const override { return options_.sender_name; }
  sb::json::object public_info() const override;
  std::optional<std::string> check(const sb::PushSubscription& subscription) const override;
  void send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
            std::function<void(sb::PushResult)> done) override;

  sb::Health health() const { return health_->health(); }

  // The request send() would make, or the PushResult that refuses it (a subscription that
  // no longer decodes). Public for the tests.
  std::variant<sb::HttpClientRequest, sb::PushResult> build_request(
      const sb::PushSubscription& subscription, const sb::PushNotice& notice) const;

 private:
  std::shared_ptr<Vapid> vapid_;
  std::shared_ptr<sb::HttpClient> http_;
  ProviderOptions options_;
  sb::Logger& log_;
  std::shared_ptr<sb::PushFailureStreak> health_;
};

}  // namespace webpush
