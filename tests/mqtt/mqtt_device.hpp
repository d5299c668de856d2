// SPDX-License-Identifier: Apache-2.0
// A device speaking protocol-v1 over MQTT through the real command-line clients:
// mosquitto_sub on its out-topic, mosquitto_pub to its in-topic, with the credentials the
// server handed out ({username, password, publish, subscribe}).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <switchboard/json.hpp>

#include "child.hpp"

namespace sb::mqtt_test {

class Device {
 public:
  Device(int port, json::object creds) : port_(std::to_string(port)), creds_(std::move(creds)) {}
  // Another connection with the same credentials.
  Device twin() const { return Device(std::stoi(port_), creds_); }

  std::string user() const { return str("username"); }
  // Subscribes to the device's own topic (or `topic`) and waits for the broker's SUBACK
  // (which may refuse it); false when none came.
  bool listen(const std::string& topic = {});
  // Publishes one frame to the device's own topic (or `topic`); mosquitto_pub's exit code.
  int publish(const json::object& frame, const std::string& topic = {});
  // The next frame received that satisfies `pred`, or an empty object after `timeout`.
  json::object next(const std::function<bool(const json::object&)>& pred,
                    std::chrono::milliseconds timeout = std::chrono::seconds(5));
  json::object event(const char* ev, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  json::object reply(const char* id);
  // MQTT messages received so far (a message may carry several frames after mqtt.batch).
  int messages_seen() const { return messages_; }

 private:
  std::string str(const char* k) const { return std::string(creds_.at(k).as_string()); }
  std::string port_;
  json::object creds_;
  std::unique_ptr<Child> sub_;
  int messages_ = 0;
};

}  // namespace sb::mqtt_test
