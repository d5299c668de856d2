// SPDX-License-Identifier: Apache-2.0
// Per-device broker accounts through Mosquitto's dynamic-security plugin: each device gets a
// client "<user>/<device>" with a role that lets it publish only to sb/in/<user>/<device>
// and subscribe only to sb/out/<user>/<device>. Commands go to $CONTROL/dynamic-security/v1.
#pragma once

#include <string>

#include "broker.hpp"

namespace transport_mqtt {

class DynSec {
 public:
  explicit DynSec(Broker& broker) : broker_(broker) {}

  // Creates (or resets the password of) the device's broker client.
  void provision(const std::string& user, const std::string& device, const std::string& password);
  // Deletes the device's client and role; the broker disconnects it.
  void remove(const std::string& user, const std::string& device);

  static std::string username(const std::string& user, const std::string& device) {
    return user + "/" + device;
  }

 private:
  void send(const std::string& commands_json);
  Broker& broker_;
};

}  // namespace transport_mqtt
