// SPDX-License-Identifier: Apache-2.0
// See device_sessions.hpp.
#include "device_sessions.hpp"

#include "inbound.hpp"

#include <vector>

#include <switchboard/json.hpp>

namespace transport_mqtt {

namespace json = sb::json;

namespace {

class MqttLink final : public sb::ClientLink {
 public:
  MqttLink(Broker& broker, std::string topic) : broker_(broker), topic_(std::move(topic)) {}
  bool send(std::string frame) override {
    broker_.publish(topic_, std::move(frame));
    return true;
  }
  // The broker connection stays (it is the device's own); the session just ends.
  void close(std::string_view) override {}

 private:
  Broker& broker_;
  std::string topic_;
};

}  // namespace

void DeviceSessions::on_frame(const std::string& user, const std::string& device,
                              const std::string& frame) {
  std::shared_ptr<sb::ClientSession> session;
  {
    std::lock_guard lock(mutex_);
    auto& e = entries_[{user, device}];
    e.last = std::chrono::steady_clock::now();
    if (!e.session) {
      auto link = std::make_shared<MqttLink>(broker_, "sb/out/" + user + "/" + device);
      e.session = messaging_.open(
          link, sb::SessionOptions{"mqtt", {}, {}, sb::ClientIdentity{user, device}});
    }
    session = e.session;
  }
  if (auto id = ping_id(frame)) {
    json::object reply;
    if (!id->is_null()) reply["id"] = *id;
    reply["ok"] = true;
    broker_.publish("sb/out/" + user + "/" + device, json::serialize(reply));
    return;
  }
  session->on_frame(frame);
}

void DeviceSessions::expire() {
  std::vector<std::shared_ptr<sb::ClientSession>> ended;
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (now - it->second.last > idle_) {
        ended.push_back(std::move(it->second.session));
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& s : ended)
    if (s) s->on_close();
}

void DeviceSessions::close(const std::string& user, const std::string& device) {
  std::vector<std::shared_ptr<sb::ClientSession>> ended;
  {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (it->first.first == user && (device.empty() || it->first.second == device)) {
        ended.push_back(std::move(it->second.session));
        it = entries_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& s : ended)
    if (s) s->on_close();
}

void DeviceSessions::close_all() {
  std::map<std::pair<std::string, std::string>, Entry> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(entries_);
  }
  for (auto& [k, e] : all)
    if (e.session) e.session->on_close();
}

std::size_t DeviceSessions::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace transport_mqtt
