// SPDX-License-Identifier: Apache-2.0
// Drives senders closed-loop (a window of undelivered messages each) or at a fixed total
// rate, and measures deliveries, send-to-deliver latency and CPU within a timed window;
// counts every message lost or delivered twice, by its sequence number.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "cpu_window.hpp"
#include "stats.hpp"

namespace loadgen {

struct LoadSpec {
  double warmup_s = 1.0;
  double measure_s = 5.0;
  double drain_s = 2.0;
  // After the drain, at most this long more for deliveries still owed, so that "lost" means
  // lost, not late (what arrives then counts for neither throughput nor latency).
  double late_s = 10.0;
  int window = 8;     // closed loop: messages per sender not yet delivered everywhere
  double rate = 0;    // > 0: fixed total messages/s instead of the closed loop
  int max_owed = 64;  // at a fixed rate: a sender this far behind skips its turn (counted)
  std::size_t payload = 100;
  std::vector<Watch> watch;  // processes whose CPU is measured over the window
};

class Driver {
 public:
  using SendFn = std::function<void(int sender, std::string payload)>;
  // fanout: deliveries each message makes (1 for a pair, members - 1 for a group).
  Driver(boost::asio::io_context& io, LoadSpec spec, int senders, int fanout, SendFn send);
  // Starts sending; `done` runs once the measurement and the drain are over.
  void start(std::function<void()> done);
  // Receiver `receiver` got a message from `sender` carrying `payload` (or a frame
  // containing it). Only its first arrival counts; a repeat is counted as a duplicate.
  void delivered(int sender, int receiver, std::string_view payload);
  void send_failed() { ++send_errors_; }
  boost::json::object report();

 private:
  void try_send(int sender);
  void tick();
  // True the first time `receiver` sees message `seq` of `sender`.
  bool first_arrival(int sender, int receiver, std::uint64_t seq);

  boost::asio::io_context& io_;
  LoadSpec spec_;
  int fanout_;
  SendFn send_;
  std::vector<std::int64_t> outstanding_;  // deliveries still owed, per sender
  std::vector<std::uint64_t> next_seq_;    // per sender
  // (sender, receiver) -> which of the sender's sequence numbers arrived there
  std::unordered_map<std::uint64_t, std::vector<bool>> seen_;
  CpuWindow cpu_;
  boost::asio::steady_timer timer_;
  std::function<void()> done_;
  std::int64_t start_ns_ = 0, t0_ = 0, t1_ = 0, end_ns_ = 0;
  bool sending_ = false, cpu_started_ = false;
  std::uint64_t sent_ = 0, sent_in_window_ = 0, delivered_ = 0, delivered_in_window_ = 0;
  std::uint64_t send_errors_ = 0, skipped_ = 0, duplicates_ = 0, unsent_stamps_ = 0;
  std::uint64_t late_ = 0;  // delivered after the drain
  double rate_carry_ = 0;
  std::int64_t last_tick_ = 0;
  std::size_t next_sender_ = 0;
  LatencyStats latency_;
};

}  // namespace loadgen
