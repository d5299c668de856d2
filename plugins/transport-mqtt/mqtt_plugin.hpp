// SPDX-License-Identifier: Apache-2.0
// transport-mqtt: bridges the broker and the core. Devices publish protocol-v1 requests to
// sb/in/<user>/<device> and get replies and events on sb/out/<user>/<device> (QoS 1); the
// plugin hands out per-device broker credentials (the mqtt.credentials op) and removes them
// when a device is revoked or its user banned.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <switchboard/plugin.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/messaging.hpp>

#include "broker.hpp"
#include "config.hpp"
#include "device_sessions.hpp"
#include "dynsec.hpp"

namespace transport_mqtt {

class MqttPlugin final : public sb::PluginBase<Config> {
 public:
  void stop() override;
  sb::Health health() const override;

 protected:
  void start(const Config& config, sb::Context& ctx) override;

 private:
  sb::json::object credentials(const sb::ClientIdentity& who);
  void on_message(std::string_view topic, std::string_view payload);

  Config config_;
  sb::Logger* log_ = nullptr;
  std::shared_ptr<sb::Messaging> messaging_;
  std::shared_ptr<sb::AccountStore> accounts_;
  std::unique_ptr<Broker> broker_;
  std::unique_ptr<DynSec> dynsec_;
  std::unique_ptr<DeviceSessions> sessions_;
  std::atomic<bool> serving_{false};
};

}  // namespace transport_mqtt
