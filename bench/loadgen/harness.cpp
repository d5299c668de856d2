// SPDX-License-Identifier: Apache-2.0
// The shared scenario plumbing: bounded event-loop runs, source addresses, connection opening.
#include "harness.hpp"

#include <memory>

#include "clock.hpp"

namespace loadgen {

namespace asio = boost::asio;

bool run_until(asio::io_context& io, const std::function<bool()>& pred, double timeout_s) {
  auto deadline = now_ns() + static_cast<std::int64_t>(timeout_s * 1e9);
  while (!pred()) {
    if (now_ns() >= deadline) return false;
    io.restart();
    io.run_one_for(std::chrono::milliseconds(50));
  }
  return true;
}

asio::ip::address source_address(std::size_t i, int sources) {
  if (sources <= 0) return asio::ip::address();
  auto last = static_cast<unsigned>(1 + i % static_cast<std::size_t>(sources));
  return asio::ip::address_v4((127u << 24) | (last & 0xff));
}

asio::ip::tcp::endpoint endpoint(const std::string& host, int port) {
  return {asio::ip::make_address(host), static_cast<unsigned short>(port)};
}

boost::json::object OpenResult::report() const {
  boost::json::object o;
  o["opened"] = opened;
  o["failed"] = failed;
  o["seconds"] = seconds;
  o["per_s"] =
      seconds > 0
          ? static_cast<double>(static_cast<std::int64_t>(static_cast<double>(opened) / seconds))
          : 0.0;
  if (!first_error.empty()) o["first_error"] = first_error;
  return o;
}

OpenResult open_all(
    asio::io_context& io, std::size_t count, std::size_t concurrency, double timeout_s,
    const std::function<void(std::size_t, std::function<void(bool, const std::string&)>)>& start) {
  // Shared with the callbacks, which may outlive this call when it times out.
  struct State {
    OpenResult r;
    std::size_t next = 0, in_flight = 0;
    bool active = true;
  };
  auto st = std::make_shared<State>();
  auto t0 = now_ns();
  std::function<void()> pump = [&] {
    while (st->in_flight < concurrency && st->next < count) {
      ++st->in_flight;
      auto i = st->next++;
      start(i, [st, &io, &pump](bool ok, const std::string& err) {
        if (!st->active) return;
        --st->in_flight;
        if (ok) {
          ++st->r.opened;
        } else {
          ++st->r.failed;
          if (st->r.first_error.empty()) st->r.first_error = err;
        }
        asio::post(io, [st, &pump] {
          if (st->active) pump();
        });
      });
    }
  };
  pump();
  run_until(
      io, [&] { return st->r.opened + st->r.failed >= count; }, timeout_s);
  st->active = false;
  auto r = st->r;
  r.seconds = static_cast<double>(now_ns() - t0) / 1e9;
  if (r.opened + r.failed < count) {
    r.failed = count - r.opened;
    if (r.first_error.empty()) r.first_error = "timed out";
  }
  return r;
}

Ticker::Ticker(asio::io_context& io, std::chrono::milliseconds period, std::function<void()> fn)
    : timer_(io), period_(period), fn_(std::move(fn)) {
  arm();
}

Ticker::~Ticker() {
  *alive_ = false;
  timer_.cancel();
}

void Ticker::arm() {
  timer_.expires_after(period_);
  timer_.async_wait([this, alive = alive_](boost::system::error_code ec) {
    if (ec || !*alive) return;
    fn_();
    if (*alive) arm();
  });
}

}  // namespace loadgen
