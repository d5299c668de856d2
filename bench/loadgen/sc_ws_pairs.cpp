// SPDX-License-Identifier: Apache-2.0
// Scenario "ws-pairs": pairs of WebSocket devices sending to each other, closed loop or at a
// fixed rate; delivered messages/s and send-to-deliver latency. With --bot NAME every device
// talks to bot:NAME instead (the echo bot answers with the same text): round trips/s and
// send-to-answer latency.
#include <memory>

#include "scenarios.hpp"
#include "ws_fleet.hpp"

namespace loadgen {

boost::json::object run_ws_pairs(const Options& o) {
  auto pairs = static_cast<std::size_t>(o.num("pairs", 50));
  auto n = pairs * 2;
  auto bot = o.str("bot", "");
  // Who a delivery to device i counts for: its partner, or itself when a bot answers.
  auto partner = [&bot](std::size_t i) { return bot.empty() ? i ^ 1u : i; };
  boost::asio::io_context io;
  std::unique_ptr<Driver> driver;
  WsFleet fleet(io, o, account_slice(o, n), [&](std::size_t i, std::string_view f) {
    if (driver) driver->delivered(static_cast<int>(partner(i)), static_cast<int>(i), f);
  });
  auto opened = fleet.open();
  run_until(
      io, [] { return false; }, o.real("settle", 0.5));  // backlogs of earlier runs
  driver = std::make_unique<Driver>(
      io, load_spec(o), static_cast<int>(n), 1, [&](int s, std::string payload) {
        auto me = static_cast<std::size_t>(s);
        if (!bot.empty()) return fleet.session(me).send("user", "bot:" + bot, payload);
        fleet.session(me).send("user", fleet.account(partner(me)).user, payload);
      });
  bool done = false;
  driver->start([&] { done = true; });
  auto spec = load_spec(o);
  run_until(
      io, [&] { return done; }, spec.warmup_s + spec.measure_s + spec.drain_s + spec.late_s + 10);
  auto out = driver->report();
  out["connect"] = opened.report();
  out["replies"] = fleet.replies();
  fleet.close();
  return out;
}

}  // namespace loadgen
