// SPDX-License-Identifier: Apache-2.0
// push-fcm's PushProvider: one FCM HTTP v1 send per push, authorised by the cached access
// token, through the kernel's HttpClient.
#pragma once

#include <memory>

#include <switchboard/plugin.hpp>
#include <switchboard/push_support.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/push.hpp>

#include "access_tokens.hpp"
#include "config.hpp"

namespace push_fcm {

class FcmProvider final : public sb::PushProvider,
                          public std::enable_shared_from_this<FcmProvider> {
 public:
  static constexpr std::size_t kMaxToken = 4096;

  FcmProvider(Config config, std::string send_url, std::shared_ptr<AccessTokens> tokens,
              std::shared_ptr<sb::HttpClient> http);

  std::string kind() const override { return "fcm"; }
  bool wants_sender_name() const override { return config_.sender_name; }
  std::optional<std::string> check(const sb::PushSubscription& subscription) const override;
  void send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
            std::function<void(sb::PushResult)> done) override;
  sb::Health health() const { return streak_.health(); }

 private:
  void post(const std::string& access_token, const std::string& body,
            std::function<void(sb::PushResult)> done);

  Config config_;
  std::string send_url_;
  std::shared_ptr<AccessTokens> tokens_;
  std::shared_ptr<sb::HttpClient> http_;
  sb::PushFailureStreak streak_;
};

class FcmPlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
  sb::Health health() const override;

 private:
  std::shared_ptr<FcmProvider> provider_;
};

}  // namespace push_fcm
