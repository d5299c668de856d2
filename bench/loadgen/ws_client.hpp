// SPDX-License-Identifier: Apache-2.0
// An event-driven WebSocket client on Boost.Beast: Bearer token at the upgrade, a chosen
// source address, a write queue, and a callback per received text frame.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace loadgen {

class WsClient : public std::enable_shared_from_this<WsClient> {
 public:
  using OnOpen = std::function<void(bool ok, const std::string& error)>;
  using OnFrame = std::function<void(std::string_view)>;

  WsClient(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server,
           boost::asio::ip::address source, std::string target, std::string token);
  void start(OnOpen on_open, OnFrame on_frame);
  void send(std::string frame);
  void close();
  bool open() const { return open_; }

 private:
  void fail(const std::string& what, boost::system::error_code ec);
  void read();
  void write_next();

  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  boost::asio::ip::tcp::endpoint server_;
  boost::asio::ip::address source_;
  std::string target_, token_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool writing_ = false, open_ = false, closed_ = false;
  OnOpen on_open_;
  OnFrame on_frame_;
};

}  // namespace loadgen
