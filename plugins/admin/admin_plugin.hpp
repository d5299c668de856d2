// SPDX-License-Identifier: Apache-2.0
// The admin plugin: the admin REST API under /v1/admin, the built UI at /admin, the
// dashboard sampler, and the AdminAccounts service `switchboard admin` uses.
#pragma once

#include <memory>
#include <vector>

#include <switchboard/plugin.hpp>

#include "config.hpp"

namespace sb::admin {

class Api;

class AdminPlugin final : public PluginBase<Config> {
 public:
  AdminPlugin();
  ~AdminPlugin() override;
  void stop() override;
  // Session lifetimes, login limits and the sampling interval change live; ui_dir,
  // history_minutes and audit_memory need a restart.
  bool reload(const json::object& config) override;

 protected:
  void start(const Config& config, Context& ctx) override;

 private:
  void start_sampler();

  std::shared_ptr<Api> api_;
  std::vector<Subscription> routes_;
  Subscription sampler_;
  Context* ctx_ = nullptr;
  Config running_;
};

}  // namespace sb::admin
