// SPDX-License-Identifier: Apache-2.0
// A minimal event-driven XMPP client on Asio: stream, SASL PLAIN, resource bind, initial
// presence, and chat messages whose <body> text is handed to a callback (error stanzas are
// counted instead).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio.hpp>

#include "socket_writer.hpp"

namespace loadgen {

class XmppClient : public std::enable_shared_from_this<XmppClient> {
 public:
  using OnOpen = std::function<void(bool ok, const std::string& error)>;
  using OnBody = std::function<void(std::string_view body)>;

  XmppClient(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server,
             boost::asio::ip::address source, std::string domain, std::string user,
             std::string pass);
  void start(OnOpen on_open, OnBody on_body);
  void message(std::string_view to_user, std::string_view body);
  void close();
  // <message type='error'> stanzas received (never counted as deliveries), and the first.
  std::uint64_t error_stanzas() const { return error_stanzas_; }
  const std::string& first_error() const { return first_error_; }

 private:
  friend class SocketWriter;  // reports write errors through fail()
  enum class Stage { features1, sasl, features2, bind, ready };
  void fail(const std::string& what);
  void open_stream();
  void read();
  void on_bytes();
  void take_messages();
  void write(std::string bytes);

  boost::asio::ip::tcp::socket sock_;
  boost::asio::ip::tcp::endpoint server_;
  boost::asio::ip::address source_;
  std::string domain_, user_, pass_;
  Stage stage_ = Stage::features1;
  std::string inbuf_;
  char chunk_[16384];
  SocketWriter writer_{sock_};
  bool closed_ = false;
  std::uint64_t error_stanzas_ = 0;
  std::string first_error_;
  OnOpen on_open_;
  OnBody on_body_;
};

}  // namespace loadgen
