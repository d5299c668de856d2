// SPDX-License-Identifier: Apache-2.0
// The load driver: closed-loop windows or a fixed rate, timed phases, counts and latency.
#include "driver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "clock.hpp"
#include "payload.hpp"

namespace loadgen {

namespace {
constexpr std::int64_t kSec = 1'000'000'000;
}  // namespace

Driver::Driver(boost::asio::io_context& io, LoadSpec spec, int senders, int fanout, SendFn send)
    : io_(io),
      spec_(spec),
      fanout_(std::max(1, fanout)),
      send_(std::move(send)),
      outstanding_(static_cast<std::size_t>(senders), 0),
      next_seq_(static_cast<std::size_t>(senders), 0),
      cpu_(spec_.watch),
      timer_(io) {}

void Driver::start(std::function<void()> done) {
  done_ = std::move(done);
  start_ns_ = now_ns();
  t0_ = start_ns_ + static_cast<std::int64_t>(spec_.warmup_s * kSec);
  t1_ = t0_ + static_cast<std::int64_t>(spec_.measure_s * kSec);
  end_ns_ = t1_ + static_cast<std::int64_t>(spec_.drain_s * kSec);
  last_tick_ = start_ns_;
  sending_ = true;
  if (spec_.rate <= 0)
    for (int w = 0; w < spec_.window; ++w)
      for (std::size_t i = 0; i < outstanding_.size(); ++i) try_send(static_cast<int>(i));
  tick();
}

void Driver::try_send(int sender) {
  auto& owed = outstanding_[static_cast<std::size_t>(sender)];
  std::int64_t limit =
      static_cast<std::int64_t>(spec_.rate > 0 ? spec_.max_owed : spec_.window) * fanout_;
  if (!sending_ || owed + fanout_ > limit) {
    if (sending_ && spec_.rate > 0) ++skipped_;
    return;
  }
  auto t = now_ns();
  owed += fanout_;
  ++sent_;
  if (t >= t0_ && t < t1_) ++sent_in_window_;
  send_(sender, make_payload(t, ++next_seq_[static_cast<std::size_t>(sender)], spec_.payload));
}

bool Driver::first_arrival(int sender, int receiver, std::uint64_t seq) {
  auto key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(sender)) << 32) |
             static_cast<std::uint32_t>(receiver);
  auto& bits = seen_[key];
  if (bits.size() <= seq) bits.resize(std::max<std::size_t>(seq + 1, bits.size() * 2), false);
  if (bits[seq]) return false;
  bits[seq] = true;
  return true;
}

void Driver::delivered(int sender, int receiver, std::string_view payload) {
  if (start_ns_ == 0) return;  // not started: replays of earlier runs
  auto stamp = payload_stamp(payload);
  if (!stamp || sender < 0 || static_cast<std::size_t>(sender) >= outstanding_.size()) return;
  if (stamp->sent_ns < start_ns_) return;  // a replay from an earlier run
  if (stamp->seq > next_seq_[static_cast<std::size_t>(sender)]) {
    ++unsent_stamps_;  // a stamp this run never sent: a corrupted or misrouted message
    return;
  }
  if (!first_arrival(sender, receiver, stamp->seq)) {
    ++duplicates_;
    return;
  }
  auto t = now_ns();
  ++delivered_;
  if (t >= end_ns_) ++late_;
  if (t >= t0_ && t < t1_) {
    ++delivered_in_window_;
    latency_.add(t - stamp->sent_ns);
  }
  auto& owed = outstanding_[static_cast<std::size_t>(sender)];
  if (owed > 0) --owed;
  if (spec_.rate <= 0) try_send(sender);
}

void Driver::tick() {
  auto t = now_ns();
  if (t >= t0_ && t < t1_ && !cpu_started_) {
    cpu_started_ = true;
    cpu_.begin();
  }
  if (t >= t1_) {
    sending_ = false;
    cpu_.end();
  }
  if (t >= end_ns_) {
    std::int64_t owed = 0;
    for (auto v : outstanding_) owed += v;
    auto late_until = end_ns_ + static_cast<std::int64_t>(spec_.late_s * kSec);
    if (owed == 0 || t >= late_until) {
      if (done_) boost::asio::post(io_, std::move(done_));
      return;
    }
  }
  if (sending_ && spec_.rate > 0) {
    rate_carry_ += spec_.rate * static_cast<double>(t - last_tick_) / kSec;
    auto due = static_cast<std::int64_t>(rate_carry_);
    rate_carry_ -= static_cast<double>(due);
    for (std::int64_t i = 0; i < due; ++i) {
      try_send(static_cast<int>(next_sender_));
      next_sender_ = (next_sender_ + 1) % outstanding_.size();
    }
  }
  last_tick_ = t;
  timer_.expires_after(std::chrono::microseconds(spec_.rate > 0 ? 500 : 20'000));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) tick();
  });
}

boost::json::object Driver::report() {
  double secs = spec_.measure_s;
  boost::json::object o;
  o["senders"] = outstanding_.size();
  o["fanout"] = fanout_;
  o["window"] = spec_.rate > 0 ? 0 : spec_.window;
  o["target_rate"] = spec_.rate;
  o["payload_bytes"] = spec_.payload;
  o["measure_s"] = secs;
  o["sent"] = sent_;
  o["sent_per_s"] = static_cast<std::int64_t>(static_cast<double>(sent_in_window_) / secs);
  o["delivered"] = delivered_;
  o["delivered_per_s"] =
      static_cast<std::int64_t>(static_cast<double>(delivered_in_window_) / secs);
  std::int64_t owed = 0;
  for (auto v : outstanding_) owed += v;
  o["undelivered_at_end"] = owed;  // after the drain and the wait for late deliveries
  // Every message sent reaches each of its `fanout` recipients exactly once, or is lost.
  auto expected = sent_ * static_cast<std::uint64_t>(fanout_);
  o["lost"] = expected > delivered_ ? expected - delivered_ : 0;
  o["duplicates"] = duplicates_;
  o["late"] = late_;
  o["foreign_stamps"] = unsent_stamps_;
  o["send_errors"] = send_errors_;
  o["skipped_backlog"] = skipped_;
  o["latency"] = latency_.report();
  cpu_.report(o);
  return o;
}

}  // namespace loadgen
