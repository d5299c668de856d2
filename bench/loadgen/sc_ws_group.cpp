// SPDX-License-Identifier: Apache-2.0
// Scenario "ws-group": one device sends to a group whose other members are all online;
// deliveries/s and latency to each member.
#include <memory>

#include "scenarios.hpp"
#include "ws_fleet.hpp"

namespace loadgen {

boost::json::object run_ws_group(const Options& o) {
  auto members = static_cast<std::size_t>(o.num("members", 256));
  boost::asio::io_context io;
  std::unique_ptr<Driver> driver;
  std::string group;
  WsFleet fleet(
      io, o, account_slice(o, members),
      [&](std::size_t i, std::string_view f) {
        if (driver && i != 0) driver->delivered(0, static_cast<int>(i), f);
      },
      [&](std::size_t i, std::string_view f) {
        if (i != 0 || !group.empty() || f.find("\"id\":\"create\"") == std::string_view::npos)
          return;
        auto p = f.find("\"group\":\"");
        if (p == std::string_view::npos) {
          group = "!" + std::string(f.substr(0, 300));
          return;
        }
        p += 9;
        group = std::string(f.substr(p, f.find('"', p) - p));
      });
  auto opened = fleet.open();
  std::string create = R"({"id":"create","op":"group.create","name":"bench","members":[)";
  for (std::size_t i = 1; i < members; ++i)
    create += (i > 1 ? ",\"" : "\"") + fleet.account(i).user + "\"";
  create += "]}";
  fleet.session(0).raw(create);
  run_until(
      io, [&] { return !group.empty(); }, 15);
  if (group.empty() || group[0] == '!') {
    fleet.close();
    return {{"error", "group.create failed: " + (group.empty() ? "no reply" : group.substr(1))},
            {"connect", opened.report()}};
  }
  run_until(
      io, [] { return false; }, o.real("settle", 0.5));
  driver = std::make_unique<Driver>(
      io, load_spec(o), 1, static_cast<int>(members - 1),
      [&](int, std::string payload) { fleet.session(0).send("group", group, payload); });
  bool done = false;
  driver->start([&] { done = true; });
  auto spec = load_spec(o);
  run_until(
      io, [&] { return done; }, spec.warmup_s + spec.measure_s + spec.drain_s + spec.late_s + 10);
  auto out = driver->report();
  out["connect"] = opened.report();
  out["replies"] = fleet.replies();
  out["group"] = group;
  fleet.close();
  return out;
}

}  // namespace loadgen
