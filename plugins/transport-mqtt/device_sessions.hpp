// SPDX-License-Identifier: Apache-2.0
// One core session per MQTT device, opened by its first frame on sb/in/<user>/<device> and
// ended after a quiet period; the session's frames go back on sb/out/<user>/<device>. The
// broker's ACL has vouched for the device, so sessions open with a trusted identity. Two ops
// are the transport's own: ping, and mqtt.batch (the device takes several frames per message).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <switchboard/services/messaging.hpp>

#include "broker.hpp"
#include "outbox.hpp"

namespace transport_mqtt {

class DeviceSessions {
 public:
  DeviceSessions(sb::Messaging& messaging, Broker& broker, std::chrono::seconds idle)
      : messaging_(messaging), broker_(broker), idle_(idle) {}

  // A frame from the device; `{"op":"ping"}` is answered here and only keeps it live;
  // `{"op":"mqtt.batch"}` turns batches on for the device (until it is revoked).
  void on_frame(const std::string& user, const std::string& device, std::string frame);
  // Ends sessions quiet for longer than the idle period.
  void expire();
  // Ends the sessions of a device, or of every device of `user` when `device` is empty.
  void close(const std::string& user, const std::string& device = {});
  void close_all();
  std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<sb::ClientSession> session;
    std::shared_ptr<Outbox> outbox;
    std::chrono::steady_clock::time_point last;
  };
  sb::Messaging& messaging_;
  Broker& broker_;
  std::chrono::seconds idle_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Entry> entries_;
  std::set<std::pair<std::string, std::string>> batching_;  // devices that asked for batches
};

}  // namespace transport_mqtt
