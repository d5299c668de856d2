// SPDX-License-Identifier: Apache-2.0
// transport-mqtt's typed config: the broker, the plugin's own broker account, and how
// device sessions and credentials are handled.
#pragma once

#include <chrono>
#include <string>

#include <switchboard/config_schema.hpp>

namespace transport_mqtt {

struct Config {
  std::string broker;      // tcp://host:port
  std::string public_url;  // what devices are told to connect to
  std::string username;    // the plugin's broker account (dynamic-security admin)
  std::string password;
  std::string client_id;
  std::string share_group;
  bool provision = true;
  std::chrono::seconds session_idle{300};
  std::chrono::milliseconds connect_timeout{5000};

  static sb::ConfigSchema schema() {
    return {
        sb::key_string("broker", "tcp://127.0.0.1:1883", "The broker the plugin connects to"),
        sb::key_string("public_url", "",
                       "The broker URL handed to devices with their credentials; empty: broker"),
        sb::key_string("username", "",
                       "The plugin's broker account (needs dynamic-security admin "
                       "rights when provision is on)"),
        sb::secret(sb::key_string("password", "", "Password of that account")),
        sb::key_string("client_id", "",
                       "The plugin's MQTT client id; empty: switchboard-<instance>"),
        sb::key_string("share_group", "switchboard",
                       "Shared-subscription group: the nodes of a cluster share sb/in/+/+"),
        sb::key_bool(
            "provision", true,
            "Create per-device broker clients through Mosquitto's dynamic-security plugin"),
        sb::key_int("session_idle_s", 300,
                    "A device's session ends after this long without a frame from it; what "
                    "arrives meanwhile waits in its inbox",
                    10, 86'400),
        sb::key_int("connect_timeout_ms", 5000, "How long start() waits for the broker", 100,
                    60'000),
    };
  }
  static Config load(const sb::ConfigView& v) {
    Config c;
    c.broker = v.string("broker");
    c.public_url = v.string("public_url");
    c.username = v.string("username");
    c.password = v.string("password");
    c.client_id = v.string("client_id");
    c.share_group = v.string("share_group");
    c.provision = v.boolean("provision");
    c.session_idle = std::chrono::seconds(v.integer("session_idle_s"));
    c.connect_timeout = std::chrono::milliseconds(v.integer("connect_timeout_ms"));
    return c;
  }
};

}  // namespace transport_mqtt
