// SPDX-License-Identifier: Apache-2.0
// A measurement, not a check (disabled; run with --gtest_also_run_disabled_tests): server
// RSS per idle WebSocket connection, with raw-socket clients that cost no user-space memory.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "http_test_client.hpp"
#include "kernel/host/http/http_server.hpp"

namespace sb::kernel {
namespace {

using namespace test;

long vm_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

class Quiet final : public WebSocketHandler {
 public:
  explicit Quiet(std::shared_ptr<WebSocketConnection> c) : conn_(std::move(c)) {}
  void on_text(std::string_view) override {}
  void on_close(std::uint16_t, std::string_view) override {}

 private:
  std::shared_ptr<WebSocketConnection> conn_;  // as a transport would keep it
};

// Opens a WebSocket with a blocking raw socket; returns the fd, or -1.
int open_raw_ws(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return ::close(fd), -1;
  static const std::string req =
      "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  if (::send(fd, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size()))
    return ::close(fd), -1;
  std::string got;
  char buf[512];
  while (got.find("\r\n\r\n") == std::string::npos) {
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return ::close(fd), -1;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got.rfind("HTTP/1.1 101", 0) == 0 ? fd : (::close(fd), -1);
}

TEST(HttpMemory, DISABLED_RssPerIdleWebSocket) {
  NullLogger log;
  NullMetrics metrics;
  auto s = test_settings();
  s.max_connections = 10000;
  HttpServer server(s, log, metrics);
  auto ws = server.router().websocket("/ws", {}, [](const HttpRequest&, auto c) {
    return WebSocketAccept{std::make_unique<Quiet>(c), {}};
  });
  server.start();
  std::vector<int> fds;
  for (int i = 0; i < 200; ++i) fds.push_back(open_raw_ws(server.port()));  // warm-up
  ASSERT_TRUE(eventually([&] { return server.connection_count() == 200; }));
  std::this_thread::sleep_for(200ms);
  long before = vm_rss_kb();
  constexpr int kN = 2000;
  for (int i = 0; i < kN; ++i) fds.push_back(open_raw_ws(server.port()));
  ASSERT_TRUE(eventually([&] { return server.connection_count() == 200 + kN; }, 10s));
  std::this_thread::sleep_for(200ms);
  long after = vm_rss_kb();
  std::printf("server RSS per idle WebSocket: %.0f bytes (%ld kB -> %ld kB for %d)\n",
              (after - before) * 1024.0 / kN, before, after, kN);
  for (int fd : fds)
    if (fd >= 0) ::close(fd);
  server.stop();
}

}  // namespace
}  // namespace sb::kernel
