// SPDX-License-Identifier: Apache-2.0
// Scenario "xmpp-pairs": the one-to-one load against an XMPP server (the ejabberd peer),
// users <prefix><i> with one password, registered beforehand.
#include <memory>
#include <vector>

#include "harness.hpp"
#include "scenarios.hpp"
#include "xmpp_client.hpp"

namespace loadgen {

boost::json::object run_xmpp_pairs(const Options& o) {
  auto pairs = static_cast<std::size_t>(o.num("pairs", 50));
  auto n = pairs * 2;
  auto partner = [](std::size_t i) { return i ^ 1u; };
  auto server = endpoint(o.str("host", "127.0.0.1"), static_cast<int>(o.num("port", 5222)));
  auto sources = static_cast<int>(o.num("sources", 4));
  auto domain = o.str("domain", "localhost");
  auto prefix = o.str("user_prefix", "bench");
  auto spec = load_spec(o);
  boost::asio::io_context io;
  std::unique_ptr<Driver> driver;
  std::vector<std::shared_ptr<XmppClient>> clients;
  for (std::size_t i = 0; i < n; ++i)
    clients.push_back(std::make_shared<XmppClient>(io, server, source_address(i, sources), domain,
                                                   prefix + std::to_string(i),
                                                   o.str("password", "bench")));
  auto opened = open_all(io, n, 50, o.real("connect_timeout", 60), [&](std::size_t i, auto done) {
    clients[i]->start([done](bool ok, const std::string& e) { done(ok, e); },
                      [&driver, &partner, i](std::string_view body) {
                        if (driver)
                          driver->delivered(static_cast<int>(partner(i)), static_cast<int>(i),
                                            body);
                      });
  });
  run_until(
      io, [] { return false; }, o.real("settle", 0.5));
  driver =
      std::make_unique<Driver>(io, spec, static_cast<int>(n), 1, [&](int s, std::string payload) {
        auto to = partner(static_cast<std::size_t>(s));
        clients[static_cast<std::size_t>(s)]->message(prefix + std::to_string(to), payload);
      });
  bool done = false;
  driver->start([&] { done = true; });
  run_until(
      io, [&] { return done; }, spec.warmup_s + spec.measure_s + spec.drain_s + spec.late_s + 10);
  auto out = driver->report();
  out["connect"] = opened.report();
  std::uint64_t errors = 0;
  std::string first;
  for (auto& c : clients) {
    errors += c->error_stanzas();
    if (first.empty()) first = c->first_error();
  }
  out["error_stanzas"] = errors;
  if (!first.empty()) out["first_error_stanza"] = first;
  for (auto& c : clients) c->close();
  run_until(
      io, [] { return false; }, 0.1);
  return out;
}

}  // namespace loadgen
