// SPDX-License-Identifier: Apache-2.0
// See idle_crowd.hpp.
#include "idle_crowd.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "e2e_server.hpp"
#include "raw_ws.hpp"

namespace sb::e2e {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;
using namespace std::chrono_literals;

struct IdleCrowd::State {
  boost::asio::io_context io;
  std::vector<std::shared_ptr<websocket::stream<tcp::socket>>> streams;
};

IdleCrowd::IdleCrowd(int port, int n, const std::function<std::string(int)>& token)
    : s_(std::make_unique<State>()) {
  tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  for (int i = 0; i < n; ++i) {
    auto ws = std::make_shared<websocket::stream<tcp::socket>>(s_->io);
    s_->streams.push_back(ws);
    ws->next_layer().async_connect(ep, [this, ws, bearer = token(i)](beast::error_code ec) {
      if (ec) return;
      ws->set_option(websocket::stream_base::decorator(
          [bearer](websocket::request_type& r) { r.set("Authorization", "Bearer " + bearer); }));
      ws->async_handshake("127.0.0.1", "/v1/ws", [this](beast::error_code ec) {
        if (!ec) ++open_;
      });
    });
  }
  auto end = std::chrono::steady_clock::now() + 60s;
  while (open_ < n && std::chrono::steady_clock::now() < end) s_->io.run_for(100ms);
}

IdleCrowd::~IdleCrowd() {
  for (auto& ws : s_->streams) {
    beast::error_code ignored;
    ws->next_layer().close(ignored);
  }
}

void expect_idle_connections_cheap(Server& server, int n,
                                   const std::function<std::string(int)>& token, double max_bytes,
                                   const std::string& probe_op) {
  raise_open_file_limit();
  {  // warm up whatever starts lazily with the first connection
    RawWs first(server.port(), token(0));
    ASSERT_EQ(first.status(), 101);
    first.send_text(R"({"id":"1","op":"nothing"})");
    ASSERT_TRUE(first.read());
  }
  int threads = server.threads();
  long rss = server.rss_kib();
  ASSERT_GT(threads, 0);
  IdleCrowd crowd(server.port(), n, token);
  ASSERT_EQ(crowd.open(), n) << server.err();
  std::this_thread::sleep_for(300ms);
  double per_connection = (server.rss_kib() - rss) * 1024.0 / n;
  std::cout << "server memory per idle authenticated WebSocket: " << per_connection << " bytes\n";
  EXPECT_LT(per_connection, max_bytes);
  RawWs probe(server.port(), token(0));
  probe.send_text(R"({"id":"1","op":")" + probe_op + "\"}");
  auto reply = probe.read();
  ASSERT_TRUE(reply);
  EXPECT_NE(reply->find("\"ok\":true"), std::string::npos) << *reply;
  EXPECT_EQ(server.threads(), threads);
}

}  // namespace sb::e2e
