// SPDX-License-Identifier: Apache-2.0
// See broker.hpp. The C client directly rather than Paho's C++ wrapper: per publish the wrapper
// built a message object (copying topic and payload) and a delivery token kept in a locked
// list until the PUBACK, and per received message another message object, which the plugin
// then copied again into strings; the C client copies once (docs/performance.md).
#include "broker.hpp"

#include <cstring>
#include <stdexcept>
#include <thread>

namespace transport_mqtt {

namespace {

std::string describe(int rc) {
  const char* s = MQTTAsync_strerror(rc);
  return s ? std::string(s) : "error " + std::to_string(rc);
}

}  // namespace

Broker::Broker(std::string uri, std::string client_id, std::string username, std::string password)
    : uri_(std::move(uri)), username_(std::move(username)), password_(std::move(password)) {
  MQTTAsync_createOptions create = MQTTAsync_createOptions_initializer5;
  // Paho refuses a publish once this many wait to be sent, connected or not (default 100):
  // under load every reply past the hundredth was dropped. Device sessions' flow control
  // (1,024 unacked events each) bounds it.
  create.maxBufferedMessages = kMaxBuffered;
  int rc = MQTTAsync_createWithOptions(&client_, uri_.c_str(), client_id.c_str(),
                                       MQTTCLIENT_PERSISTENCE_NONE, nullptr, &create);
  if (rc != MQTTASYNC_SUCCESS)
    throw std::runtime_error("cannot create an MQTT client for " + uri_ + ": " + describe(rc));
  MQTTAsync_setCallbacks(client_, this, &Broker::lost, &Broker::arrived, nullptr);
  MQTTAsync_setConnected(client_, this, &Broker::reconnected);
}

Broker::~Broker() {
  disconnect();
  MQTTAsync_destroy(&client_);
}

int Broker::arrived(void* self, char* topic, int topic_len, MQTTAsync_message* m) {
  auto* b = static_cast<Broker*>(self);
  std::string_view t(topic, topic_len > 0 ? static_cast<std::size_t>(topic_len) : strlen(topic));
  std::string_view p(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen));
  if (b->handler_) b->handler_(t, p);
  MQTTAsync_freeMessage(&m);
  MQTTAsync_free(topic);
  return 1;  // taken
}

void Broker::lost(void* self, char* cause) {
  auto* b = static_cast<Broker*>(self);
  b->set_error(std::string("connection lost: ") + (cause ? cause : "unknown cause"));
  if (b->lost_) b->lost_();
}

void Broker::reconnected(void* self, char*) {
  static_cast<Broker*>(self)->subscribe_all();
}

void Broker::connect_ok(void* self, MQTTAsync_successData5*) {
  auto* b = static_cast<Broker*>(self);
  std::lock_guard lock(b->mutex_);
  b->connect_state_ = 1;
  b->connect_answered_.notify_all();
}

void Broker::connect_failed(void* self, MQTTAsync_failureData5* d) {
  auto* b = static_cast<Broker*>(self);
  std::string why = d && d->message ? d->message : describe(d ? d->code : -1);
  if (d && d->reasonCode) why += " (reason code " + std::to_string(d->reasonCode) + ")";
  std::lock_guard lock(b->mutex_);
  b->last_error_ = why;
  b->connect_state_ = -1;
  b->connect_answered_.notify_all();
}

void Broker::subscribe(std::vector<std::string> filters) {
  {
    std::lock_guard lock(mutex_);
    filters_.insert(filters_.end(), filters.begin(), filters.end());
  }
  if (connected()) subscribe_all();
}

void Broker::subscribe_all() {
  std::vector<std::string> filters;
  {
    std::lock_guard lock(mutex_);
    filters = filters_;
  }
  for (auto& f : filters) {
    MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
    int rc = MQTTAsync_subscribe(client_, f.c_str(), 1, &opts);
    if (rc != MQTTASYNC_SUCCESS) set_error("subscribe " + f + ": " + describe(rc));
  }
}

void Broker::connect(std::chrono::milliseconds timeout) {
  MQTTAsync_connectOptions opts = MQTTAsync_connectOptions_initializer5;
  opts.keepAliveInterval = 20;
  opts.cleanstart = 1;
  opts.automaticReconnect = 1;
  opts.minRetryInterval = 1;  // seconds
  opts.maxRetryInterval = 5;
  if (!username_.empty()) {
    opts.username = username_.c_str();
    opts.password = password_.c_str();
  }
  opts.onSuccess5 = &Broker::connect_ok;
  opts.onFailure5 = &Broker::connect_failed;
  opts.context = this;
  {
    std::lock_guard lock(mutex_);
    connect_state_ = 0;
  }
  int rc = MQTTAsync_connect(client_, &opts);
  if (rc != MQTTASYNC_SUCCESS)
    throw std::runtime_error("cannot connect to the MQTT broker at " + uri_ + ": " + describe(rc));
  std::unique_lock lock(mutex_);
  if (!connect_answered_.wait_for(lock, timeout, [&] { return connect_state_ != 0; }))
    throw std::runtime_error("cannot connect to the MQTT broker at " + uri_ +
                             ": no answer within " + std::to_string(timeout.count()) + " ms");
  if (connect_state_ < 0)
    throw std::runtime_error("cannot connect to the MQTT broker at " + uri_ + ": " + last_error_);
  lock.unlock();
  subscribe_all();
}

void Broker::disconnect() {
  if (!client_ || !MQTTAsync_isConnected(client_)) return;
  MQTTAsync_disconnectOptions opts = MQTTAsync_disconnectOptions_initializer5;
  opts.timeout = 2000;
  MQTTAsync_disconnect(client_, &opts);
  // Bounded: the disconnect completes on Paho's threads.
  for (int i = 0; i < 200 && MQTTAsync_isConnected(client_); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void Broker::publish_ok(void* done, MQTTAsync_successData5*) {
  std::unique_ptr<std::shared_ptr<PublishDone>> d(static_cast<std::shared_ptr<PublishDone>*>(done));
  (*d)->published(true);
}

void Broker::publish_failed(void* done, MQTTAsync_failureData5*) {
  std::unique_ptr<std::shared_ptr<PublishDone>> d(static_cast<std::shared_ptr<PublishDone>*>(done));
  (*d)->published(false);
}

void Broker::publish(std::string_view topic, std::string_view payload,
                     std::shared_ptr<PublishDone> done) {
  std::string t(topic);  // Paho wants a NUL-terminated topic
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  std::shared_ptr<PublishDone>* ctx = nullptr;
  if (done) {
    ctx = new std::shared_ptr<PublishDone>(done);
    opts.onSuccess5 = &Broker::publish_ok;
    opts.onFailure5 = &Broker::publish_failed;
    opts.context = ctx;
  }
  int rc = MQTTAsync_send(client_, t.c_str(), static_cast<int>(payload.size()), payload.data(), 1,
                          0, &opts);
  if (rc == MQTTASYNC_SUCCESS) return;
  delete ctx;
  if (rc != MQTTASYNC_DISCONNECTED) {
    std::lock_guard lock(mutex_);
    last_error_ = "publish " + t + ": " + describe(rc);
    ++publish_failures_;
  }
  if (done) done->published(false);
}

bool Broker::connected() const {
  return client_ && MQTTAsync_isConnected(client_);
}

void Broker::set_error(std::string e) {
  std::lock_guard lock(mutex_);
  last_error_ = std::move(e);
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
