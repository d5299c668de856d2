// SPDX-License-Identifier: Apache-2.0
// An event-driven MQTT 3.1.1 client on Asio: connect with credentials, subscribe to one
// filter at QoS 1, publish at QoS 1, acknowledge what arrives.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio.hpp>

#include "socket_writer.hpp"

namespace loadgen {

class MqttClient : public std::enable_shared_from_this<MqttClient> {
 public:
  using OnOpen = std::function<void(bool ok, const std::string& error)>;
  using OnMessage = std::function<void(std::string_view topic, std::string_view payload)>;

  MqttClient(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint broker,
             boost::asio::ip::address source, std::string client_id, std::string user,
             std::string pass, std::string subscribe);
  void start(OnOpen on_open, OnMessage on_message);
  void publish(std::string_view topic, std::string_view payload, int qos = 1);
  void close();
  std::uint64_t pubacks() const { return pubacks_; }

 private:
  friend class SocketWriter;  // reports write errors through fail()
  void fail(const std::string& what);
  void read();
  void on_bytes();
  void write(std::string bytes);

  boost::asio::ip::tcp::socket sock_;
  boost::asio::ip::tcp::endpoint broker_;
  boost::asio::ip::address source_;
  std::string client_id_, user_, pass_, filter_;
  std::string inbuf_;
  char chunk_[16384];
  SocketWriter writer_{sock_};
  bool open_ = false, closed_ = false;
  std::uint16_t next_id_ = 0;
  std::uint64_t pubacks_ = 0;
  OnOpen on_open_;
  OnMessage on_message_;
};

}  // namespace loadgen
