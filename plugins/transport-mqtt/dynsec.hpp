// SPDX-License-Identifier: Apache-2.0
// Per-device broker accounts through Mosquitto's dynamic-security plugin: each device gets a
// client "<user>/<device>" with a role that lets it publish only to sb/in/<user>/<device>
// and subscribe only to sb/out/<user>/<device>. Commands go to $CONTROL/dynamic-security/v1.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

#include "broker.hpp"

namespace transport_mqtt {

class DynSec {
 public:
  static constexpr const char* kResponses = "$CONTROL/dynamic-security/v1/response";
  // Below the 5 s deadline the docs give the plugin's device.verified interceptor.
  static constexpr std::chrono::milliseconds kApplyTimeout{4000};

  explicit DynSec(Broker& broker) : broker_(broker) {}

  // A message on kResponses (the plugin subscribes to it).
  void on_response(const std::string& payload);
  // Creates (or resets the password of) the device's broker client and waits (bounded) until
  // the broker applied it, so the device can connect right after. Throws std::runtime_error
  // when the broker did not answer in time.
  void provision(const std::string& user, const std::string& device, const std::string& password);
  // Deletes the device's client and role; the broker disconnects it.
  void remove(const std::string& user, const std::string& device);

  static std::string username(const std::string& user, const std::string& device) {
    return user + "/" + device;
  }

 private:
  void send(const std::string& commands_json);
  Broker& broker_;
  std::mutex mutex_;
  std::condition_variable answered_;
  std::set<std::string> answers_;  // correlation data of answered batches
  std::uint64_t next_ = 0;
};

}  // namespace transport_mqtt
