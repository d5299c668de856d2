// SPDX-License-Identifier: Apache-2.0
// The plugin's one MQTT 5 connection (Eclipse Paho C++): connects, reconnects by itself,
// subscribes again after every (re)connect, and publishes at QoS 1.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <mqtt/async_client.h>

namespace transport_mqtt {

class Broker {
 public:
  using OnMessage = std::function<void(const std::string& topic, const std::string& payload)>;

  Broker(std::string uri, std::string client_id, std::string username, std::string password);
  ~Broker();
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  // Where messages go, and who hears of a lost connection; set before connect().
  void on_message(OnMessage handler) { handler_ = std::move(handler); }
  void on_lost(std::function<void()> handler) { lost_ = std::move(handler); }
  // Subscribes now (when connected) and again after every reconnect, at QoS 1; adds to
  // the filters subscribed before.
  void subscribe(std::vector<std::string> filters);
  // Waits up to `timeout`; throws std::runtime_error naming the broker and the cause.
  void connect(std::chrono::milliseconds timeout);
  void disconnect();

  // Never blocks and never throws; while disconnected the message is dropped (what matters
  // is in the devices' inboxes, and their sessions end with the connection).
  void publish(const std::string& topic, std::string payload);
  bool connected() const;
  std::string last_error() const;
  // Publishes the client library refused while connected (its send buffer full).
  std::uint64_t publish_failures() const;

  static constexpr int kMaxBuffered = 1 << 18;

 private:
  void subscribe_all();

  std::string uri_;
  mqtt::async_client client_;
  mqtt::connect_options options_;
  std::vector<std::string> filters_;
  OnMessage handler_;
  std::function<void()> lost_;
  mutable std::mutex mutex_;
  std::string last_error_;
  std::uint64_t publish_failures_ = 0;
};

}  // namespace transport_mqtt
