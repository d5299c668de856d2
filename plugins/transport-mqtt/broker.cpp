// SPDX-License-Identifier: Apache-2.0
// See broker.hpp.
#include "broker.hpp"

#include <stdexcept>

namespace transport_mqtt {

Broker::Broker(std::string uri, std::string client_id, std::string username, std::string password)
    : uri_(uri),
      client_(uri, client_id,
              mqtt::create_options_builder()
                  .mqtt_version(MQTTVERSION_5)
                  // Paho refuses a publish once this many wait to be sent, connected or not
                  // (default 100): under load every reply past the hundredth was dropped.
                  // Device sessions' flow control (1,024 unacked events each) bounds it.
                  .max_buffered_messages(kMaxBuffered)
                  .finalize(),
              nullptr) {
  auto b = mqtt::connect_options_builder()
               .mqtt_version(MQTTVERSION_5)
               .clean_start(true)
               .keep_alive_interval(std::chrono::seconds(20))
               .automatic_reconnect(std::chrono::milliseconds(200), std::chrono::seconds(5));
  if (!username.empty()) b.user_name(username).password(password);
  options_ = b.finalize();
  client_.set_connected_handler([this](const std::string&) { subscribe_all(); });
  client_.set_connection_lost_handler([this](const std::string& cause) {
    {
      std::lock_guard lock(mutex_);
      last_error_ = "connection lost: " + cause;
    }
    if (lost_) lost_();
  });
  client_.set_message_callback([this](mqtt::const_message_ptr m) {
    if (handler_) handler_(m->get_topic(), m->to_string());
  });
}

Broker::~Broker() {
  disconnect();
}

void Broker::subscribe(std::vector<std::string> filters) {
  {
    std::lock_guard lock(mutex_);
    filters_.insert(filters_.end(), filters.begin(), filters.end());
  }
  if (client_.is_connected()) subscribe_all();
}

void Broker::subscribe_all() {
  std::vector<std::string> filters;
  {
    std::lock_guard lock(mutex_);
    filters = filters_;
  }
  for (auto& f : filters) {
    try {
      client_.subscribe(f, 1);
    } catch (const mqtt::exception& e) {
      std::lock_guard lock(mutex_);
      last_error_ = "subscribe " + f + ": " + e.what();
    }
  }
}

void Broker::connect(std::chrono::milliseconds timeout) {
  try {
    auto token = client_.connect(options_);
    if (!token->wait_for(timeout))
      throw std::runtime_error("no answer within " + std::to_string(timeout.count()) + " ms");
    if (!client_.is_connected())
      throw std::runtime_error("refused (reason code " + std::to_string(token->get_reason_code()) +
                               ")");
  } catch (const mqtt::exception& e) {
    throw std::runtime_error("cannot connect to the MQTT broker at " + uri_ + ": " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot connect to the MQTT broker at " + uri_ + ": " + e.what());
  }
}

void Broker::disconnect() {
  try {
    if (client_.is_connected()) client_.disconnect()->wait_for(std::chrono::seconds(2));
  } catch (const mqtt::exception&) {
  }
}

void Broker::publish(const std::string& topic, std::string payload) {
  try {
    client_.publish(topic, payload.data(), payload.size(), 1, false);
  } catch (const mqtt::exception& e) {
    std::lock_guard lock(mutex_);
    last_error_ = "publish " + topic + ": " + e.what();
    ++publish_failures_;
  }
}

bool Broker::connected() const {
  return client_.is_connected();
}

std::uint64_t Broker::publish_failures() const {
  std::lock_guard lock(mutex_);
  return publish_failures_;
}

std::string Broker::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

}  // namespace transport_mqtt
