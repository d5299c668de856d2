// SPDX-License-Identifier: Apache-2.0
// push-webpush's lifecycle: loads or creates the VAPID key, provides the PushProvider under
// the instance's id, and serves the public key to browsers that have not logged in yet.
#pragma once

#include <memory>

#include <switchboard/plugin.hpp>

#include "config.hpp"
#include "webpush_provider.hpp"

namespace webpush {

class WebPushPlugin final : public sb::PluginBase<Config> {
 public:
  sb::Health health() const override;

 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  std::shared_ptr<WebPushProvider> provider_;
};

}  // namespace webpush
