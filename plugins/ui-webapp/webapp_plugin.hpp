// SPDX-License-Identifier: Apache-2.0
// The ui-webapp plugin: registers GET /app and /app/* for the built web chat client.
#pragma once

#include <vector>

#include <switchboard/plugin.hpp>

#include "config.hpp"

namespace ui_webapp {

class WebappPlugin final : public sb::PluginBase<Config> {
 public:
  void stop() override { routes_.clear(); }

 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  std::vector<sb::Subscription> routes_;
};

}  // namespace ui_webapp
