// SPDX-License-Identifier: Apache-2.0
// The plugin's one MQTT 5 connection (Eclipse Paho's C MQTTAsync client): connects,
// reconnects by itself, subscribes again after every (re)connect, and publishes at QoS 1.
#pragma once

#include <MQTTAsync.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace transport_mqtt {

// Told once whether a publish was acknowledged by the broker (PUBACK) or failed. Called on
// Paho's receive thread, or from publish() itself when the client refused the message.
class PublishDone {
 public:
  virtual ~PublishDone() = default;
  virtual void published(bool ok) = 0;
};

class Broker {
 public:
  // topic and payload are valid only during the call.
  using OnMessage = std::function<void(std::string_view topic, std::string_view payload)>;

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
  // is in the devices' inboxes, and their sessions end with the connection). `done`, if
  // given, hears exactly once how it went.
  void publish(std::string_view topic, std::string_view payload,
               std::shared_ptr<PublishDone> done = nullptr);
  bool connected() const;
  std::string last_error() const;
  // Publishes the client library refused while connected (its send buffer full).
  std::uint64_t publish_failures() const;

  static constexpr int kMaxBuffered = 1 << 18;

 private:
  static int arrived(void* self, char* topic, int topic_len, MQTTAsync_message* m);
  static void lost(void* self, char* cause);
  static void reconnected(void* self, char* cause);
  static void connect_ok(void* self, MQTTAsync_successData5* d);
  static void connect_failed(void* self, MQTTAsync_failureData5* d);
  static void publish_ok(void* done, MQTTAsync_successData5* d);
  static void publish_failed(void* done, MQTTAsync_failureData5* d);
  void subscribe_all();
  void set_error(std::string e);

  std::string uri_, username_, password_;
  MQTTAsync client_ = nullptr;
  std::vector<std::string> filters_;
  OnMessage handler_;
  std::function<void()> lost_;
  mutable std::mutex mutex_;
  std::condition_variable connect_answered_;
  int connect_state_ = 0;  // 0: waiting, 1: connected, -1: refused
  std::string last_error_;
  std::uint64_t publish_failures_ = 0;
};

}  // namespace transport_mqtt
