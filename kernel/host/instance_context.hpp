// SPDX-License-Identifier: Apache-2.0
// The sb::Context one plugin instance sees: its config, a logger tagged with its id, and
// views of the bus and registry bound to it, so that everything it registers is removed
// when it unloads.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <switchboard/plugin.hpp>

#include "kernel/host/log.hpp"

namespace sb::kernel {

struct KernelParts;

class InstanceContext final : public Context {
 public:
  InstanceContext(KernelParts& parts, std::string id, json::object config,
                  const Manifest& manifest);
  ~InstanceContext() override;

  std::string_view instance_id() const override { return id_; }
  const json::object& config() const override { return config_; }
  std::string data_dir() const override;
  Logger& log() override { return log_; }
  Bus& bus() override { return *bus_; }
  ServiceRegistry& services() override { return *services_; }
  HttpRouter& http() override;
  Metrics& metrics() override;
  Scheduler& scheduler() override;
  void hold(Subscription subscription) override;

  void set_config(json::object config) { config_ = std::move(config); }
  // Drops everything held, then removes whatever else the instance registered.
  void release();

 private:
  KernelParts& parts_;
  std::string id_;
  json::object config_;
  SourceLogger log_;
  std::unique_ptr<Bus> bus_;
  std::unique_ptr<ServiceRegistry> services_;
  std::mutex held_mutex_;
  std::vector<Subscription> held_;
};

}  // namespace sb::kernel
