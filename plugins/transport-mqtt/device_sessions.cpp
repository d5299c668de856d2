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
  explicit MqttLink(std::shared_ptr<Outbox> outbox) : outbox_(std::move(outbox)) {}
  bool send(std::string frame) override {
    outbox_->send(std::move(frame));
    return true;
  }
  // The broker connection stays (it is the device's own); the session just ends.
  void close(std::string_view) override {}

 private:
  std::shared_ptr<Outbox> outbox_;
};

}  // namespace

void DeviceSessions::on_frame(const std::string& user, const std::string& device,
                              std::string frame) {
  std::shared_ptr<sb::ClientSession> session;
  std::shared_ptr<Outbox> outbox;
  auto op = transport_op(frame);
  {
    std::lock_guard lock(mutex_);
    auto key = std::pair{user, device};
    // Before the session opens: its backlog, pushed at once, already comes in batches.
    if (op && op->op == "mqtt.batch") batching_.insert(key);
    auto& e = entries_[key];
    e.last = std::chrono::steady_clock::now();
    if (e.outbox && batching_.count(key)) e.outbox->set_batching(true);
    if (!e.session) {
      e.outbox = std::make_shared<Outbox>(broker_, "sb/out/" + user + "/" + device);
      if (batching_.count(key)) e.outbox->set_batching(true);
      e.session =
          messaging_.open(std::make_shared<MqttLink>(e.outbox),
                          sb::SessionOptions{"mqtt", {}, {}, sb::ClientIdentity{user, device}});
    }
    session = e.session;
    outbox = e.outbox;
  }
  if (op) {
    json::object reply;
    if (!op->id.is_null()) reply["id"] = op->id;
    reply["ok"] = true;
    outbox->send(json::serialize(reply));
    return;
  }
  session->on_frame(std::move(frame));
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
    std::erase_if(batching_, [&](const auto& k) {
      return k.first == user && (device.empty() || k.second == device);
    });
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
