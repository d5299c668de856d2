// SPDX-License-Identifier: Apache-2.0
// Scenarios "mqtt-pairs" (through switchboard's MQTT transport, --mode sb, or raw broker
// pub/sub, --mode raw) and "mqtt-fanout" (raw: one publisher, many subscribers of one topic).
#include <memory>
#include <vector>

#include "accounts.hpp"
#include "harness.hpp"
#include "mqtt_client.hpp"
#include "sb_session.hpp"
#include "scenarios.hpp"
#include "ws_fleet.hpp"

namespace loadgen {

namespace {

using Clients = std::vector<std::shared_ptr<MqttClient>>;

boost::json::object finish(boost::asio::io_context& io, Driver& driver, const LoadSpec& spec,
                           Clients& clients, const OpenResult& opened) {
  bool done = false;
  driver.start([&] { done = true; });
  run_until(
      io, [&] { return done; }, spec.warmup_s + spec.measure_s + spec.drain_s + spec.late_s + 10);
  auto out = driver.report();
  out["connect"] = opened.report();
  for (auto& c : clients) c->close();
  run_until(
      io, [] { return false; }, 0.1);
  return out;
}

OpenResult open_clients(
    boost::asio::io_context& io, const Options& o, Clients& clients,
    const std::function<void(std::size_t, std::string_view, std::string_view)>& on_message) {
  return open_all(
      io, clients.size(), 100, o.real("connect_timeout", 60), [&](std::size_t i, auto done) {
        clients[i]->start(
            [done](bool ok, const std::string& e) { done(ok, e); },
            [on_message, i](std::string_view t, std::string_view p) { on_message(i, t, p); });
      });
}

}  // namespace

boost::json::object run_mqtt_pairs(const Options& o) {
  auto pairs = static_cast<std::size_t>(o.num("pairs", 50));
  auto n = pairs * 2;
  auto partner = [](std::size_t i) { return i ^ 1u; };
  auto broker = endpoint(o.str("host", "127.0.0.1"), static_cast<int>(o.num("port", 1883)));
  auto sources = static_cast<int>(o.num("sources", 4));
  bool through_sb = o.str("mode", "raw") == "sb";
  auto spec = load_spec(o);
  boost::asio::io_context io;
  std::unique_ptr<Driver> driver;
  Clients clients;
  std::vector<std::unique_ptr<SbSession>> sessions;
  std::vector<Account> accounts;
  if (through_sb) accounts = account_slice(o, n);
  auto prefix = o.str("topic_prefix", "bench/");
  for (std::size_t i = 0; i < n; ++i) {
    if (through_sb) {
      auto& a = accounts[i];
      auto c = std::make_shared<MqttClient>(io, broker, source_address(i, sources), a.mqtt_user,
                                            a.mqtt_user, a.mqtt_pass,
                                            "sb/out/" + a.user + "/" + a.device);
      clients.push_back(c);
      auto in = "sb/in/" + a.user + "/" + a.device;
      sessions.push_back(std::make_unique<SbSession>(
          [c, in](std::string f) { c->publish(in, f); },
          [&driver, &partner, i](std::string_view f) {
            if (driver) driver->delivered(static_cast<int>(partner(i)), static_cast<int>(i), f);
          },
          static_cast<int>(o.num("ack_every", 50))));
    } else {
      clients.push_back(std::make_shared<MqttClient>(io, broker, source_address(i, sources),
                                                     "bench-" + std::to_string(i), "", "",
                                                     prefix + std::to_string(i)));
    }
  }
  // --mqtt_batch 1: devices ask for several frames per message (mqtt.batch), "\n" between.
  bool batch = through_sb && o.num("mqtt_batch", 1) != 0;
  auto opened =
      open_clients(io, o, clients, [&](std::size_t i, std::string_view, std::string_view p) {
        if (through_sb) {
          for (std::size_t at = 0; at <= p.size();) {
            auto nl = batch ? p.find('\n', at) : std::string_view::npos;
            if (nl == std::string_view::npos) nl = p.size();
            if (nl > at) sessions[i]->on_frame(p.substr(at, nl - at));
            at = nl + 1;
          }
        } else if (driver)
          driver->delivered(static_cast<int>(partner(i)), static_cast<int>(i), p);
      });
  std::unique_ptr<Ticker> flusher;
  if (through_sb) {
    // The first frame opens each device's session; its backlog follows.
    for (auto& s : sessions)
      s->raw(batch ? R"({"id":"hello","op":"mqtt.batch"})" : R"({"id":"hello","op":"ping"})");
    flusher =
        std::make_unique<Ticker>(io, std::chrono::milliseconds(o.num("ack_flush_ms", 10)), [&] {
          for (auto& s : sessions) s->flush();
        });
    run_until(
        io, [] { return false; }, o.real("settle", 1.0));
  }
  driver =
      std::make_unique<Driver>(io, spec, static_cast<int>(n), 1, [&](int s, std::string payload) {
        auto i = static_cast<std::size_t>(s);
        if (through_sb)
          sessions[i]->send("user", accounts[partner(i)].user, payload);
        else
          clients[i]->publish(prefix + std::to_string(partner(i)), payload);
      });
  auto out = finish(io, *driver, spec, clients, opened);
  flusher.reset();
  out["mode"] = through_sb ? "switchboard" : "raw";
  if (through_sb) out["mqtt_batch"] = batch;
  if (through_sb) {
    std::uint64_t ok = 0, err = 0;
    std::string first;
    for (auto& s : sessions) {
      ok += s->replies_ok();
      err += s->replies_error();
      if (first.empty()) first = s->first_error();
    }
    out["replies"] = {{"ok", ok}, {"error", err}, {"first_error", first}};
  }
  return out;
}

boost::json::object run_mqtt_fanout(const Options& o) {
  auto subs = static_cast<std::size_t>(o.num("subscribers", 256));
  auto broker = endpoint(o.str("host", "127.0.0.1"), static_cast<int>(o.num("port", 1883)));
  auto sources = static_cast<int>(o.num("sources", 4));
  auto topic = o.str("topic_prefix", "bench/") + "fan";
  auto spec = load_spec(o);
  boost::asio::io_context io;
  std::unique_ptr<Driver> driver;
  Clients clients;
  // clients[0] publishes; the others subscribe.
  for (std::size_t i = 0; i <= subs; ++i)
    clients.push_back(std::make_shared<MqttClient>(io, broker, source_address(i, sources),
                                                   "bench-fan-" + std::to_string(i), "", "",
                                                   i == 0 ? "" : topic));
  auto opened =
      open_clients(io, o, clients, [&](std::size_t i, std::string_view, std::string_view p) {
        if (driver) driver->delivered(0, static_cast<int>(i), p);
      });
  driver = std::make_unique<Driver>(
      io, spec, 1, static_cast<int>(subs),
      [&](int, std::string payload) { clients[0]->publish(topic, payload); });
  return finish(io, *driver, spec, clients, opened);
}

}  // namespace loadgen
