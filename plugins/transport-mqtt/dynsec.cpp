// SPDX-License-Identifier: Apache-2.0
// See dynsec.hpp. Commands are idempotent in effect: "already exists" answers are expected
// when a device asks for credentials again or another node provisioned it first.
#include "dynsec.hpp"

#include <stdexcept>

#include <switchboard/json.hpp>

namespace transport_mqtt {

namespace json = sb::json;

namespace {

constexpr const char* kTopic = "$CONTROL/dynamic-security/v1";

json::object acl(const char* type, const std::string& topic) {
  return {{"acltype", type}, {"topic", topic}, {"priority", 0}, {"allow", true}};
}

std::string role_of(const std::string& user, const std::string& device) {
  return "sb-device-" + user + "-" + device;
}

}  // namespace

void DynSec::send(const std::string& commands_json) {
  broker_.publish(kTopic, commands_json);
}

void DynSec::on_response(const std::string& payload) {
  boost::system::error_code ec;
  auto v = json::parse(payload, ec);
  if (ec || !v.is_object()) return;
  auto* responses = v.as_object().if_contains("responses");
  if (!responses || !responses->is_array()) return;
  std::lock_guard lock(mutex_);
  for (auto& r : responses->as_array()) {
    auto* c = r.is_object() ? r.as_object().if_contains("correlationData") : nullptr;
    if (c && c->is_string()) answers_.insert(std::string(c->as_string()));
  }
  answered_.notify_all();
}

void DynSec::provision(const std::string& user, const std::string& device,
                       const std::string& password) {
  std::string tag;
  {
    std::lock_guard lock(mutex_);
    tag = "sb-" + std::to_string(++next_);
  }
  auto name = username(user, device);
  auto role = role_of(user, device);
  json::array cmds;
  cmds.push_back(json::object{{"command", "createRole"},
                              {"rolename", role},
                              {"acls", json::array{acl("publishClientSend", "sb/in/" + name),
                                                   acl("subscribeLiteral", "sb/out/" + name)}}});
  cmds.push_back(json::object{{"command", "createClient"},
                              {"username", name},
                              {"password", password},
                              {"roles", json::array{json::object{{"rolename", role}}}}});
  // When the client existed, the create above failed and this sets the new password. The
  // broker runs a batch in order: the answer to this last command means all of it applied.
  cmds.push_back(json::object{{"command", "setClientPassword"},
                              {"username", name},
                              {"password", password},
                              {"correlationData", tag}});
  send(json::serialize(json::object{{"commands", std::move(cmds)}}));
  // Handing out credentials the broker does not know yet made a device that connects at once
  // get "connack refused" (40 of 100 devices in the benchmark's MQTT setup).
  std::unique_lock lock(mutex_);
  bool applied = answered_.wait_for(lock, kApplyTimeout, [&] { return answers_.count(tag) > 0; });
  answers_.erase(tag);
  if (!applied)
    throw std::runtime_error("the MQTT broker did not confirm the credentials of " + name +
                             " within " + std::to_string(kApplyTimeout.count()) + " ms");
}

void DynSec::remove(const std::string& user, const std::string& device) {
  json::array cmds;
  cmds.push_back(json::object{{"command", "deleteClient"}, {"username", username(user, device)}});
  cmds.push_back(json::object{{"command", "deleteRole"}, {"rolename", role_of(user, device)}});
  send(json::serialize(json::object{{"commands", std::move(cmds)}}));
}

}  // namespace transport_mqtt
