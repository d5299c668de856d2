// SPDX-License-Identifier: Apache-2.0
// push-apns's PushProvider: one HTTP/2 request to APNs per push, through the kernel's
// HttpClient (which keeps one connection per host and multiplexes the streams on it).
#pragma once

#include <memory>

#include <switchboard/plugin.hpp>
#include <switchboard/push_support.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "config.hpp"
#include "provider_token.hpp"

namespace push_apns {

class ApnsProvider final : public sb::PushProvider,
                           public std::enable_shared_from_this<ApnsProvider> {
 public:
  static constexpr std::size_t kMaxToken = 200;

  ApnsProvider(Config config, std::shared_ptr<ProviderToken> token,
               std::shared_ptr<sb::HttpClient> http);

  std::string kind() const override { return "apns"; }
  bool wants_sender_name() const override { return config_.sender_name; }
  std::optional<std::string> check(const sb::PushSubscription& subscription) const override;
  void send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
            std::function<void(sb::PushResult)> done) override;
  sb::Health health() const { return streak_.health(); }

 private:
  Config config_;
  std::shared_ptr<ProviderToken> token_;
  std::shared_ptr<sb::HttpClient> http_;
  sb::PushFailureStreak streak_;
};

class ApnsPlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
  sb::Health health() const override;

 private:
  std::shared_ptr<ApnsProvider> provider_;
};

}  // namespace push_apns
