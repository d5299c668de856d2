// SPDX-License-Identifier: Apache-2.0
// A set of protocol-v1 WebSocket devices (connection + session each) opened together, with
// the periodic ack flush; used by the one-to-one and group scenarios.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "accounts.hpp"
#include "harness.hpp"
#include "options.hpp"
#include "sb_session.hpp"
#include "ws_client.hpp"

namespace loadgen {

class WsFleet {
 public:
  // on_frame(i, frame) sees every frame of device i before its session does.
  using OnMessage = std::function<void(std::size_t i, std::string_view frame)>;
  WsFleet(boost::asio::io_context& io, const Options& o, std::vector<Account> accounts,
          OnMessage on_message, OnMessage on_frame = nullptr);
  OpenResult open();
  SbSession& session(std::size_t i) { return *sessions_[i]; }
  const Account& account(std::size_t i) const { return accounts_[i]; }
  std::size_t size() const { return accounts_.size(); }
  // Totals and the first error over all sessions.
  boost::json::object replies() const;
  void close();

 private:
  boost::asio::io_context& io_;
  const Options& o_;
  std::vector<Account> accounts_;
  std::vector<std::shared_ptr<WsClient>> clients_;
  std::vector<std::unique_ptr<SbSession>> sessions_;
  OnMessage on_frame_;
  bool trace_ = false;  // --trace: every frame to stderr
  std::unique_ptr<Ticker> flusher_;
};

// The accounts [skip, skip + count) of --accounts.
std::vector<Account> account_slice(const Options& o, std::size_t count);

}  // namespace loadgen
