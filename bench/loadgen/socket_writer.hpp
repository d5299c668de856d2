// SPDX-License-Identifier: Apache-2.0
// A plain TCP client's outgoing bytes: queued while a write runs, and everything queued sent
// together in the next one (the MQTT and XMPP clients).
#pragma once

#include <deque>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

namespace loadgen {

class SocketWriter {
 public:
  explicit SocketWriter(boost::asio::ip::tcp::socket& sock) : sock_(sock) {}

  // `owner` (a shared_from_this of the client) stays alive while a write runs; its
  // fail("write: ...") gets a write error.
  template <class Owner>
  void write(std::shared_ptr<Owner> owner, std::string bytes) {
    queue_.push_back(std::move(bytes));
    next(std::move(owner));
  }

 private:
  template <class Owner>
  void next(std::shared_ptr<Owner> owner) {
    if (writing_ || queue_.empty()) return;
    writing_ = true;
    buf_.clear();
    while (!queue_.empty() && buf_.size() < 65536) {
      buf_ += queue_.front();
      queue_.pop_front();
    }
    boost::asio::async_write(sock_, boost::asio::buffer(buf_),
                             [this, owner](boost::system::error_code ec, std::size_t) {
                               writing_ = false;
                               if (ec) return owner->fail("write: " + ec.message());
                               next(owner);
                             });
  }

  boost::asio::ip::tcp::socket& sock_;
  std::deque<std::string> queue_;
  std::string buf_;  // the bytes being written: queue_ may grow meanwhile
  bool writing_ = false;
};

}  // namespace loadgen
