// SPDX-License-Identifier: Apache-2.0
// transport-websocket against the real daemon with echo-core behind it: authentication by
// header and by first frame, close codes, limits (message size, send queue, per address),
// bad input, and 2,000 idle connections costing no thread.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <switchboard/client/client.hpp>

#include "e2e_server.hpp"
#include "idle_crowd.hpp"
#include "raw_ws.hpp"

namespace sb::e2e {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

json::object parse(const std::optional<std::string>& text) {
  if (!text) return {};
  return json::parse(*text).as_object();
}

std::string error_code(const json::object& reply) {
  auto* e = reply.if_contains("error");
  return e ? std::string(e->at("code").as_string()) : std::string();
}

TEST(WebSocketTransport, BearerHeaderAuthenticatesAndABadOneGets401) {
  Server server;
  RawWs good(server.port(), "tok:alice:d1");
  ASSERT_EQ(good.status(), 101);
  good.send_text(R"({"id":"1","op":"echo","body":"hi"})");
  auto r = parse(good.read());
  EXPECT_EQ(r["id"], "1");
  EXPECT_EQ(r["echo"], "hi");

  RawWs bad(server.port(), "not-a-token");
  EXPECT_EQ(bad.status(), 401);
}

TEST(WebSocketTransport, AuthFrameAuthenticatesAndTheConnectionStaysPastTheTimeout) {
  Server server(ServerOptions::ws("auth_timeout_ms = 300"));
  RawWs ws(server.port());
  ASSERT_EQ(ws.status(), 101);
  ws.send_text(R"({"id":"a","op":"auth","token":"tok:bob:d1"})");
  auto r = parse(ws.read());
  EXPECT_EQ(r["user_id"], "bob");
  std::this_thread::sleep_for(800ms);
  ws.send_text(R"({"id":"2","op":"echo","body":1})");
  EXPECT_EQ(parse(ws.read())["echo"], 1);
}

TEST(WebSocketTransport, NoAuthWithinTheTimeoutCloses4002) {
  Server server(ServerOptions::ws("auth_timeout_ms = 300"));
  RawWs ws(server.port());
  ASSERT_EQ(ws.status(), 101);
  ws.send_text(R"({"id":"1","op":"echo"})");  // not auth: refused, the clock runs on
  EXPECT_EQ(error_code(parse(ws.read())), "unauthorized");
  EXPECT_EQ(ws.wait_close(3s), 4002);
}

TEST(WebSocketTransport, ABadAuthFrameCloses4001) {
  Server server;
  RawWs ws(server.port());
  ws.send_text(R"({"id":"1","op":"auth","token":"forged"})");
  EXPECT_EQ(error_code(parse(ws.read())), "unauthorized");
  EXPECT_EQ(ws.wait_close(), 4001);
}

TEST(WebSocketTransport, CoreCloseReasonsBecomeDocumentedCodes) {
  Server server;
  std::pair<const char*, int> cases[] = {
      {"revoked", 4003}, {"banned", 4004}, {"shutdown", 1012}, {"unauthorized", 4001}};
  for (auto [reason, code] : cases) {
    RawWs ws(server.port(), "tok:carol:d1");
    ws.send_text(std::string(R"({"id":"1","op":"close","reason":")") + reason + "\"}");
    EXPECT_EQ(ws.wait_close(), code) << reason;
  }
}

TEST(WebSocketTransport, OversizedMessageCloses1009) {
  Server server(ServerOptions::ws("max_message_bytes = 4096"));
  RawWs ok(server.port(), "tok:dave:d1");
  ok.send_text(R"({"id":"1","op":"echo","body":")" + std::string(3000, 'a') + "\"}");
  EXPECT_EQ(parse(ok.read())["id"], "1");
  RawWs big(server.port(), "tok:dave:d2");
  big.send_text(R"({"id":"1","op":"echo","body":")" + std::string(5000, 'a') + "\"}");
  EXPECT_EQ(big.wait_close(), 1009);
  ok.send_text(R"({"id":"2","op":"echo"})");
  EXPECT_EQ(parse(ok.read())["id"], "2");
}

TEST(WebSocketTransport, InvalidUtf8Closes1007) {
  Server server;
  RawWs ws(server.port(), "tok:erin:d1");
  ws.send_text("{\"id\":\"1\",\"op\":\"echo\",\"body\":\"\xff\xfe\"}");
  EXPECT_EQ(ws.wait_close(), 1007);
}

TEST(WebSocketTransport, GarbageAndBinaryGetBadRequestAndTheConnectionStays) {
  Server server;
  RawWs ws(server.port(), "tok:frank:d1");
  for (const char* garbage :
       {"", "nope", "[1,2,3]", "{\"op\":42}", "{\"id\":\"x\",\"op\":\"nah\"}"}) {
    ws.send_text(garbage);
    EXPECT_EQ(error_code(parse(ws.read())), "bad_request") << garbage;
  }
  ws.send_binary(std::string("\x00\x01\x02", 3));
  EXPECT_EQ(error_code(parse(ws.read())), "bad_request");
  ws.send_text(R"({"id":"ok","op":"echo"})");
  EXPECT_EQ(parse(ws.read())["id"], "ok");
}

TEST(WebSocketTransport, PerAddressLimitRefusesWith429) {
  Server server(ServerOptions::ws("max_connections_per_address = 3"));
  std::vector<std::unique_ptr<RawWs>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<RawWs>(server.port(), "tok:gina:d1"));
    ASSERT_EQ(open.back()->status(), 101);
  }
  RawWs fourth(server.port(), "tok:gina:d1");
  EXPECT_EQ(fourth.status(), 429);
  open.pop_back();  // one leaves: room for one more
  EXPECT_TRUE(eventually([&] { return RawWs(server.port(), "tok:gina:d1").status() == 101; }));
}

TEST(WebSocketTransport, SlowConsumerIsClosed1008AndOthersAreUnaffected) {
  Server server(ServerOptions::ws("max_send_queue_bytes = 65536"));
  RawWs fast(server.port(), "tok:hal:d1");
  RawWs slow(server.port(), "tok:ian:d1");
  // Below the limit: everything arrives.
  fast.send_text(R"({"id":"f","op":"flood","count":20,"size":1000})");
  int got = 0;
  for (int i = 0; i < 21; ++i)
    if (fast.read()) ++got;
  EXPECT_EQ(got, 21);
  // Far beyond what the socket buffers and the queue hold, and not reading.
  slow.send_text(R"({"id":"s","op":"flood","count":4000,"size":8000})");
  std::this_thread::sleep_for(300ms);
  fast.send_text(R"({"id":"still","op":"echo"})");
  EXPECT_EQ(parse(fast.read())["id"], "still");
  EXPECT_EQ(slow.wait_close(10s), 1008);
}

// Upgrades over a plain socket, then only reads: pings go unanswered. Returns the code of
// the server's close frame (0 when none came within 10 s).
int close_code_without_pongs(int port, const std::string& token) {
  namespace net = boost::asio;
  net::io_context io;
  net::ip::tcp::socket sock(io);
  sock.connect({net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  std::string req =
      "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " +
      token + "\r\n\r\n";
  net::write(sock, net::buffer(req));
  std::string in;
  // Frames after the 101 (server frames are unmasked): the close frame's code, or 0.
  auto close_code = [&] {
    auto head_end = in.find("\r\n\r\n");
    if (head_end == std::string::npos) return 0;
    for (std::size_t at = head_end + 4; at + 2 <= in.size();) {
      auto op = static_cast<unsigned char>(in[at]) & 0x0F;
      std::size_t len = static_cast<unsigned char>(in[at + 1]) & 0x7F;
      if (op == 0x8 && len >= 2 && at + 4 <= in.size())
        return static_cast<unsigned char>(in[at + 2]) * 256 +
               static_cast<unsigned char>(in[at + 3]);
      at += 2 + len;
    }
    return 0;
  };
  boost::system::error_code ec;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  char buf[1024];
  sock.non_blocking(true);
  while (std::chrono::steady_clock::now() < deadline && close_code() == 0) {
    auto n = sock.read_some(net::buffer(buf), ec);
    if (ec == net::error::would_block) {
      std::this_thread::sleep_for(20ms);
      continue;
    }
    if (ec) break;  // the server closed the socket: what came before is in `in`
    in.append(buf, n);
  }
  return close_code();
}

TEST(WebSocketTransport, HeartbeatKeepsLiveClientsAndIdleOnesAreClosed1001) {
  Server server(ServerOptions::ws("ping_interval_ms = 100\nidle_timeout_ms = 500"));
  client::ClientOptions o;
  o.server = server.url();
  o.token = [](bool) { return std::string("tok:live:d1"); };
  client::Client live(o);  // reads all the time, so it answers the pings
  std::atomic<int> connects{0};
  live.on_state([&](client::State s, const std::string&) {
    if (s == client::State::connected) ++connects;
  });
  live.start();
  ASSERT_TRUE(live.wait_connected(5s));
  EXPECT_EQ(close_code_without_pongs(server.port(), "tok:silent:d1"), 1001);
  EXPECT_TRUE(live.request("echo").get().ok);
  EXPECT_EQ(connects.load(), 1);
}

TEST(WebSocketTransport, TwoThousandIdleConnectionsAddNoThread) {
  Server server(ServerOptions::ws("max_connections_per_address = 0"));
  expect_idle_connections_cheap(
      server, 2000, [](int i) { return "tok:crowd" + std::to_string(i) + ":d1"; }, 16 * 1024,
      "echo");
}

}  // namespace
}  // namespace sb::e2e
