// SPDX-License-Identifier: Apache-2.0
// What every scenario shares: the event loop run until a condition or a deadline, source
// addresses spread over 127.0.0.x, opening many connections with bounded concurrency, and
// the periodic ack flush.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio.hpp>
#include <boost/json.hpp>

namespace loadgen {

// Runs `io` until pred() holds or `timeout_s` passed; true if pred() held.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred, double timeout_s);

// 127.0.0.(1 + i % sources): spreads connections over loopback source addresses.
boost::asio::ip::address source_address(std::size_t i, int sources);

boost::asio::ip::tcp::endpoint endpoint(const std::string& host, int port);

struct OpenResult {
  std::size_t opened = 0, failed = 0;
  double seconds = 0;
  std::string first_error;
  boost::json::object report() const;
};

// Starts `count` connections through start(i, done), at most `concurrency` in progress;
// done(ok, error) must be called once per connection. Gives up after timeout_s.
OpenResult open_all(
    boost::asio::io_context& io, std::size_t count, std::size_t concurrency, double timeout_s,
    const std::function<void(std::size_t i, std::function<void(bool, const std::string&)>)>& start);

// Calls fn every `period` until destroyed.
class Ticker {
 public:
  Ticker(boost::asio::io_context& io, std::chrono::milliseconds period, std::function<void()> fn);
  ~Ticker();
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

 private:
  void arm();
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds period_;
  std::function<void()> fn_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace loadgen
