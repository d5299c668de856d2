// SPDX-License-Identifier: Apache-2.0
// Scenario "idle": opens authenticated WebSocket connections, reports the connect rate,
// signals readiness through a file and holds them until released (or a deadline).
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "accounts.hpp"
#include "harness.hpp"
#include "scenarios.hpp"
#include "ws_client.hpp"

namespace loadgen {

boost::json::object run_idle(const Options& o) {
  auto all = read_accounts(o.str("accounts", "accounts.txt"));
  auto skip = static_cast<std::size_t>(o.num("skip", 0));
  auto count = std::min(static_cast<std::size_t>(o.num("count", 1000)),
                        all.size() > skip ? all.size() - skip : 0);
  auto server = endpoint(o.str("host", "127.0.0.1"), static_cast<int>(o.num("port", 8080)));
  auto sources = static_cast<int>(o.num("sources", 100));
  auto path = o.str("path", "/v1/ws");
  boost::asio::io_context io;
  std::vector<std::shared_ptr<WsClient>> conns;
  conns.reserve(count);
  auto opened = open_all(
      io, count, static_cast<std::size_t>(o.num("concurrency", 200)),
      o.real("connect_timeout", 120), [&](std::size_t i, auto done) {
        auto c = std::make_shared<WsClient>(io, server, source_address(skip + i, sources), path,
                                            all[skip + i].token);
        conns.push_back(c);
        c->start([done](bool ok, const std::string& e) { done(ok, e); }, [](std::string_view) {});
      });
  auto ready = o.str("ready_file", "");
  if (!ready.empty()) std::ofstream(ready) << opened.opened << ' ' << opened.failed << '\n';
  auto release = o.str("release_file", "");
  run_until(
      io, [&] { return !release.empty() && std::filesystem::exists(release); }, o.real("hold", 5));
  std::size_t still_open = 0;
  for (auto& c : conns) still_open += c->open() ? 1 : 0;
  for (auto& c : conns) c->close();
  run_until(
      io, [] { return false; }, 0.2);
  return {{"connect", opened.report()}, {"still_open_at_release", still_open}};
}

}  // namespace loadgen
