// SPDX-License-Identifier: Apache-2.0
// See mqtt_plugin.hpp. The shared subscription lets several nodes share sb/in/+/+; a device
// may land on any node, which is fine because sessions keep no state the store lacks.
#include "mqtt_plugin.hpp"

#include "inbound.hpp"

#include <random>

#include <switchboard/events/device.hpp>
#include <switchboard/events/system.hpp>

namespace transport_mqtt {

namespace json = sb::json;

namespace {

std::string random_password() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device rd;  // getrandom(2) on Linux
  std::string out(32, ' ');
  for (auto& c : out) c = kAlphabet[rd() % (sizeof(kAlphabet) - 1)];
  return out;
}

}  // namespace

void MqttPlugin::start(const Config& config, sb::Context& ctx) {
  config_ = config;
  log_ = &ctx.log();
  messaging_ = ctx.services().get<sb::Messaging>();
  accounts_ = ctx.services().get<sb::AccountStore>();
  if (!messaging_) throw std::runtime_error("no messaging service");
  auto client_id =
      config.client_id.empty() ? "switchboard-" + std::string(ctx.instance_id()) : config.client_id;
  broker_ = std::make_unique<Broker>(config.broker, client_id, config.username, config.password);
  dynsec_ = std::make_unique<DynSec>(*broker_);
  sessions_ = std::make_unique<DeviceSessions>(*messaging_, *broker_, config.session_idle);
  broker_->on_message([this](std::string_view t, std::string_view p) { on_message(t, p); });
  // Nothing can be pushed while the broker is away: sessions end, and each device's next
  // frame opens a new one that replays its inbox.
  broker_->on_lost([this] { sessions_->close_all(); });
  broker_->subscribe({DynSec::kResponses});
  broker_->connect(config.connect_timeout);

  // Requests are taken only once the core serves them (it starts after the plugins).
  ctx.hold(ctx.bus().observe<sb::ServerStarted>([this](const sb::ServerStarted&) {
    serving_ = true;
    broker_->subscribe({"$share/" + config_.share_group + "/sb/in/+/+"});
  }));
  ctx.hold(ctx.bus().observe<sb::DeviceRevoked>([this](const sb::DeviceRevoked& e) {
    sessions_->close(e.user, e.device);
    if (!config_.provision) return;
    if (!e.device.empty()) {
      dynsec_->remove(e.user, e.device);
    } else if (accounts_) {
      for (auto& d : accounts_->devices(e.user)) dynsec_->remove(e.user, d.id);
    }
  }));
  ctx.hold(ctx.scheduler().every(std::chrono::seconds(5), [this] { sessions_->expire(); }));
  if (config.provision)
    ctx.hold(ctx.bus().intercept<sb::DeviceVerified>([this](sb::DeviceVerified& e) {
      if (!broker_->connected() || !e.extras.is_object()) return sb::Verdict::proceed();
      try {
        e.extras.as_object()["mqtt"] = credentials({e.user, e.device});
      } catch (const std::exception& x) {
        // The login still works; the device can ask with mqtt.credentials later.
        log_->warn("no MQTT credentials for a new device", {{"error", x.what()}});
        return sb::Verdict::proceed();
      }
      return sb::Verdict::amended();
    }));
  if (config.provision)
    ctx.hold(messaging_->add_op(
        "mqtt.credentials",
        [this](const sb::ClientIdentity& who, const json::object&) { return credentials(who); }));
  log_->info("connected to the MQTT broker", {{"broker", config.broker}});
}

json::object MqttPlugin::credentials(const sb::ClientIdentity& who) {
  if (!broker_->connected())
    throw sb::OpError("unavailable",
                      "the MQTT broker is not reachable (" + broker_->last_error() + "); retry");
  auto password = random_password();
  dynsec_->provision(who.user, who.device, password);
  return {{"url", config_.public_url.empty() ? config_.broker : config_.public_url},
          {"username", DynSec::username(who.user, who.device)},
          {"password", password},
          {"publish", "sb/in/" + who.user + "/" + who.device},
          {"subscribe", "sb/out/" + who.user + "/" + who.device}};
}

void MqttPlugin::on_message(std::string_view topic, std::string_view payload) {
  if (topic == DynSec::kResponses) return dynsec_->on_response(std::string(payload));
  auto who = device_of(std::string(topic));
  if (!who || !serving_) return;  // the ACL makes a stray topic impossible for devices
  sessions_->on_frame(who->first, who->second, std::string(payload));
}

void MqttPlugin::stop() {
  serving_ = false;
  if (sessions_) sessions_->close_all();
  if (broker_) broker_->disconnect();
}

sb::Health MqttPlugin::health() const {
  if (!broker_) return sb::Health::ok();
  if (broker_->connected()) {
    if (auto n = broker_->publish_failures())
      return sb::Health::degraded(std::to_string(n) + " publishes refused by the MQTT client (" +
                                  broker_->last_error() + ")");
    return sb::Health::ok();
  }
  return sb::Health::degraded("MQTT broker unreachable: " + broker_->last_error());
}

}  // namespace transport_mqtt
