// SPDX-License-Identifier: Apache-2.0
// Drives senders closed-loop (a window of undelivered messages each) or at a fixed total
// rate, and measures deliveries and send-to-deliver latency within a timed window.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "stats.hpp"

namespace loadgen {

struct LoadSpec {
  double warmup_s = 1.0;
  double measure_s = 5.0;
  double drain_s = 2.0;
  int window = 8;     // closed loop: messages per sender not yet delivered everywhere
  double rate = 0;    // > 0: fixed total messages/s instead of the closed loop
  int max_owed = 64;  // at a fixed rate: a sender this far behind skips its turn (counted)
  std::size_t payload = 100;
};

class Driver {
 public:
  using SendFn = std::function<void(int sender, std::string payload)>;
  // fanout: deliveries each message makes (1 for a pair, members - 1 for a group).
  Driver(boost::asio::io_context& io, LoadSpec spec, int senders, int fanout, SendFn send);
  // Starts sending; `done` runs once the measurement and the drain are over.
  void start(std::function<void()> done);
  // A receiver got a message from `sender` carrying `payload` (or a frame containing it).
  void delivered(int sender, std::string_view payload);
  void send_failed() { ++send_errors_; }
  boost::json::object report();

 private:
  void try_send(int sender);
  void tick();

  boost::asio::io_context& io_;
  LoadSpec spec_;
  int fanout_;
  SendFn send_;
  std::vector<std::int64_t> outstanding_;  // deliveries still owed, per sender
  boost::asio::steady_timer timer_;
  std::function<void()> done_;
  std::int64_t start_ns_ = 0, t0_ = 0, t1_ = 0, end_ns_ = 0;
  bool sending_ = false;
  std::uint64_t sent_ = 0, sent_in_window_ = 0, delivered_ = 0, delivered_in_window_ = 0;
  std::uint64_t send_errors_ = 0, skipped_ = 0;
  double rate_carry_ = 0;
  std::int64_t last_tick_ = 0;
  std::size_t next_sender_ = 0;
  LatencyStats latency_;
};

}  // namespace loadgen
