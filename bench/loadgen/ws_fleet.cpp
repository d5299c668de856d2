// SPDX-License-Identifier: Apache-2.0
// Opens and tends a set of WebSocket devices: sessions, coalesced acks, reply totals.
#include "ws_fleet.hpp"

#include <cstdio>
#include <stdexcept>

namespace loadgen {

std::vector<Account> account_slice(const Options& o, std::size_t count) {
  auto all = read_accounts(o.str("accounts", "accounts.txt"));
  auto skip = static_cast<std::size_t>(o.num("skip", 0));
  if (all.size() < skip + count)
    throw std::runtime_error("the accounts file has " + std::to_string(all.size()) +
                             " accounts; need " + std::to_string(skip + count));
  return {all.begin() + static_cast<long>(skip), all.begin() + static_cast<long>(skip + count)};
}

WsFleet::WsFleet(boost::asio::io_context& io, const Options& o, std::vector<Account> accounts,
                 OnMessage on_message, OnMessage on_frame)
    : io_(io), o_(o), accounts_(std::move(accounts)), on_frame_(std::move(on_frame)) {
  auto server = endpoint(o.str("host", "127.0.0.1"), static_cast<int>(o.num("port", 8080)));
  auto sources = static_cast<int>(o.num("sources", 100));
  auto ack_every = static_cast<int>(o.num("ack_every", 50));
  trace_ = o.has("trace");
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    auto c = std::make_shared<WsClient>(io, server, source_address(i, sources),
                                        o.str("path", "/v1/ws"), accounts_[i].token);
    clients_.push_back(c);
    sessions_.push_back(std::make_unique<SbSession>(
        [this, c, i](std::string f) {
          if (trace_) std::fprintf(stderr, "%zu> %s\n", i, f.c_str());
          c->send(std::move(f));
        },
        [on_message, i](std::string_view f) { on_message(i, f); }, ack_every));
  }
}

OpenResult WsFleet::open() {
  auto r = open_all(io_, clients_.size(), 200, o_.real("connect_timeout", 60),
                    [this](std::size_t i, auto done) {
                      clients_[i]->start([done](bool ok, const std::string& e) { done(ok, e); },
                                         [this, i](std::string_view f) {
                                           if (trace_)
                                             std::fprintf(stderr, "%zu< %.*s\n", i,
                                                          static_cast<int>(f.size()), f.data());
                                           if (on_frame_) on_frame_(i, f);
                                           sessions_[i]->on_frame(f);
                                         });
                    });
  auto flush_ms = o_.num("ack_flush_ms", 10);
  flusher_ = std::make_unique<Ticker>(io_, std::chrono::milliseconds(flush_ms), [this] {
    for (auto& s : sessions_) s->flush();
  });
  return r;
}

boost::json::object WsFleet::replies() const {
  std::uint64_t ok = 0, err = 0;
  std::string first;
  for (auto& s : sessions_) {
    ok += s->replies_ok();
    err += s->replies_error();
    if (first.empty()) first = s->first_error();
  }
  boost::json::object o{{"ok", ok}, {"error", err}};
  if (!first.empty()) o["first_error"] = first;
  return o;
}

void WsFleet::close() {
  for (auto& s : sessions_) s->flush();
  run_until(
      io_, [] { return false; }, 0.3);
  flusher_.reset();
  for (auto& c : clients_) c->close();
  run_until(
      io_, [] { return false; }, 0.1);
}

}  // namespace loadgen
