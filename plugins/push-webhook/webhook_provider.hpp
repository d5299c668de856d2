// SPDX-License-Identifier: Apache-2.0
// push-webhook's PushProvider: one signed JSON POST per push to the configured relay, sent
// through the kernel's HttpClient (no thread of its own).
#pragma once

#include <memory>

#include <switchboard/plugin.hpp>
#include <switchboard/push_support.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "config.hpp"

namespace push_webhook {

class WebhookProvider final : public sb::PushProvider,
                              public std::enable_shared_from_this<WebhookProvider> {
 public:
  static constexpr std::size_t kMaxToken = 4096;

  WebhookProvider(Config config, std::shared_ptr<sb::HttpClient> http);

  std::string kind() const override { return "webhook"; }
  bool wants_sender_name() const override { return config_.sender_name; }
  std::optional<std::string> check(const sb::PushSubscription& subscription) const override;
  void send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
            std::function<void(sb::PushResult)> done) override;
  sb::Health health() const { return streak_.health(); }

 private:
  Config config_;
  std::shared_ptr<sb::HttpClient> http_;
  sb::PushFailureStreak streak_;
};

class WebhookPlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
  sb::Health health() const override;

 private:
  std::shared_ptr<WebhookProvider> provider_;
};

}  // namespace push_webhook
