// SPDX-License-Identifier: Apache-2.0
// HTTPS and WSS with a self-signed certificate made for the test by the openssl CLI.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "http_test_client.hpp"
#include "kernel/host/http/http_server.hpp"

namespace sb::kernel {
namespace {

using namespace test;
namespace fs = std::filesystem;

class EchoOnce final : public WebSocketHandler {
 public:
  explicit EchoOnce(std::shared_ptr<WebSocketConnection> c) : conn_(std::move(c)) {}
  void on_text(std::string_view text) override { conn_->send_text("tls:" + std::string(text)); }
  void on_close(std::uint16_t, std::string_view) override {}

 private:
  std::shared_ptr<WebSocketConnection> conn_;
};

class HttpTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("sb-http-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-days 1 -subj /CN=localhost -keyout " +
        (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  fs::path dir;
  NullLogger log;
  NullMetrics metrics;
};

TEST_F(HttpTlsTest, HttpsGetAndWssEcho) {
  auto s = test_settings();
  s.tls_cert = (dir / "cert.pem").string();
  s.tls_key = (dir / "key.pem").string();
  HttpServer server(s, log, metrics);
  auto get = server.router().route("GET", "/secure", [](const HttpRequest&, auto r) {
    r->respond(HttpResponse::with_text(200, "over tls"));
  });
  auto ws = server.router().websocket("/ws", {}, [](const HttpRequest&, auto c) {
    return WebSocketAccept{std::make_unique<EchoOnce>(c), {}};
  });
  server.start();

  HttpsClient https(server.port());
  ASSERT_TRUE(https.connected());
  auto res = https.request("GET", "/secure");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_EQ(res->body(), "over tls");

  WssClient wss(server.port());
  ASSERT_TRUE(wss.open());
  ASSERT_FALSE(wss.send("hello"));
  EXPECT_EQ(wss.read().second, "tls:hello");
  EXPECT_FALSE(wss.close());

  HttpClient plain(server.port());  // plain HTTP to a TLS port is cut off, not served
  auto refused = plain.request("GET", "/secure");
  EXPECT_FALSE(refused);
}

TEST_F(HttpTlsTest, MissingKeyFileIsNamed) {
  auto s = test_settings();
  s.tls_cert = (dir / "cert.pem").string();
  s.tls_key = (dir / "missing.pem").string();
  HttpServer server(s, log, metrics);
  try {
    server.start();
    FAIL() << "expected start to throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sb::kernel
