// SPDX-License-Identifier: Apache-2.0
// One connection attempt of the client, whatever the transport: it opens, carries frames
// both ways and closes once. Everything runs on the client's I/O thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <switchboard/client/url.hpp>

namespace sb::client::detail {

struct LinkEvents {
  std::function<void()> opened;
  std::function<void(std::string frame)> frame;
  // Called once, unless close() came first. `auth_refused`: the token was refused.
  std::function<void(std::string why, bool auth_refused)> closed;
};

struct LinkSettings {
  Endpoint server;
  std::shared_ptr<boost::asio::ssl::context> tls;  // for an https/wss server, else null
  std::string token;
  std::chrono::milliseconds connect_timeout{10'000};
};

class Link {
 public:
  virtual ~Link() = default;
  virtual void start() = 0;
  // A request frame; only after `opened`.
  virtual void send(std::string frame) = 0;
  // Everything up to `cursor` was handed to the application.
  virtual void ack(std::int64_t cursor) = 0;
  // Ends the link; no callback follows.
  virtual void close() = 0;
};

std::shared_ptr<Link> make_websocket_link(boost::asio::io_context& io, LinkSettings settings,
                                          LinkEvents events);
// `resume_after`: the cursor the first poll starts from.
std::shared_ptr<Link> make_longpoll_link(boost::asio::io_context& io, LinkSettings settings,
                                         LinkEvents events, std::int64_t resume_after);

}  // namespace sb::client::detail
