// SPDX-License-Identifier: Apache-2.0
// The kernel's outgoing HTTP client (libcurl multi) against the kernel's own server on
// loopback: round trips, redirects never followed, the public-address policy, TLS
// verification, timeouts, oversized responses and stopping with requests in flight.
#include "kernel/host/net/curl_http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <filesystem>
#include <future>

#include "http_test_client.hpp"
#include "kernel/host/http/http_server.hpp"
#include "kernel/host/net/address_policy.hpp"

namespace sb::kernel {
namespace {

using namespace test;
namespace fs = std::filesystem;

class HttpClientTest : public ::testing::Test {
 protected:
  void start(ServerSettings s = test_settings()) {
    server = std::make_unique<HttpServer>(s, log, metrics);
    routes.push_back(server->router().route("POST", "/echo", [](const HttpRequest& req, auto r) {
      HttpResponse res = HttpResponse::with_text(201, req.body);
      res.headers.emplace_back("X-Seen-Auth",
                               std::string(req.header("authorization").value_or("")));
      r->respond(std::move(res));
    }));
    routes.push_back(server->router().route("GET", "/moved", [](const HttpRequest&, auto r) {
      HttpResponse res = HttpResponse::with_text(301, "");
      res.headers.emplace_back("Location", "/target");
      r->respond(std::move(res));
    }));
    routes.push_back(server->router().route("GET", "/target", [this](const HttpRequest&, auto r) {
      ++target_hits;
      r->respond(HttpResponse::with_text(200, "followed"));
    }));
    routes.push_back(server->router().route("GET", "/big", [](const HttpRequest&, auto r) {
      r->respond(HttpResponse::with_text(200, std::string(4096, 'x')));
    }));
    routes.push_back(server->router().route("GET", "/never", [this](const HttpRequest&, auto r) {
      parked.push_back(std::move(r));  // answered by nobody: the client times out or stops
    }));
    server->start();
  }
  std::string url(const std::string& path, const char* scheme = "http") {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(server->port()) + path;
  }
  HttpClientResponse call(CurlHttpClient& client, HttpClientRequest req) {
    std::promise<HttpClientResponse> p;
    auto f = p.get_future();
    client.request(std::move(req), [&p](HttpClientResponse r) { p.set_value(std::move(r)); });
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
  }

  NullLogger log;
  NullMetrics metrics;
  std::unique_ptr<HttpServer> server;
  std::vector<Subscription> routes;
  std::vector<std::shared_ptr<HttpResponder>> parked;
  std::atomic<int> target_hits{0};
};

TEST_F(HttpClientTest, PostRoundTripWithHeadersAndReusedConnection) {
  start();
  CurlHttpClient client(log);
  for (int i = 0; i < 3; ++i) {
    auto res = call(client, {.method = "POST",
                             .url = url("/echo"),
                             .headers = {{"Authorization", "vapid t=abc"}},
                             .body = "payload " + std::to_string(i)});
    EXPECT_EQ(res.status, 201) << res.error;
    EXPECT_EQ(res.body, "payload " + std::to_string(i));
    EXPECT_EQ(res.header("x-seen-auth"), "vapid t=abc");
  }
  // Three requests, one connection: libcurl kept it.
  EXPECT_EQ(server->connection_count(), 1u);
}

TEST_F(HttpClientTest, RedirectIsNeverFollowed) {
  start();
  CurlHttpClient client(log);
  auto res = call(client, {.method = "GET", .url = url("/moved")});
  EXPECT_EQ(res.status, 301);
  EXPECT_EQ(res.header("location"), "/target");
  EXPECT_EQ(target_hits.load(), 0);
}

TEST_F(HttpClientTest, PrivateAddressesRefusedWhenNotAllowed) {
  start();
  CurlHttpClient client(log);
  auto res = call(client, {.method = "GET", .url = url("/target"), .allow_private = false});
  EXPECT_EQ(res.status, 0);
  EXPECT_NE(res.error.find("127.0.0.1 is a loopback address"), std::string::npos) << res.error;
  // A name that resolves to loopback is refused as surely as the literal.
  res = call(client, {.method = "GET",
                      .url = "http://localhost:" + std::to_string(server->port()) + "/target",
                      .allow_private = false});
  EXPECT_EQ(res.status, 0);
  EXPECT_NE(res.error.find("loopback"), std::string::npos) << res.error;
  EXPECT_EQ(target_hits.load(), 0);
}

TEST_F(HttpClientTest, OnlyHttpAndHttpsSchemes) {
  CurlHttpClient client(log);
  auto res = call(client, {.method = "GET", .url = "file:///etc/passwd"});
  EXPECT_EQ(res.status, 0);
  EXPECT_TRUE(res.body.empty());
  EXPECT_FALSE(res.error.empty());
}

TEST_F(HttpClientTest, TimeoutAndOversizedResponseEndWithErrors) {
  start();
  CurlHttpClient client(log, 1024);
  auto res = call(client, {.method = "GET", .url = url("/never"), .timeout_ms = 300});
  EXPECT_EQ(res.status, 0);
  EXPECT_NE(res.error.find("imeout"), std::string::npos) << res.error;
  res = call(client, {.method = "GET", .url = url("/big")});
  EXPECT_EQ(res.status, 0);
  EXPECT_EQ(res.error, "response larger than 1024 bytes");
}

TEST_F(HttpClientTest, StopEndsRequestsInFlightAndRefusesNewOnes) {
  start();
  CurlHttpClient client(log);
  std::promise<HttpClientResponse> p;
  auto f = p.get_future();
  client.request({.method = "GET", .url = url("/never"), .timeout_ms = 60000},
                 [&p](HttpClientResponse r) { p.set_value(std::move(r)); });
  ASSERT_TRUE(eventually([&] { return parked.size() == 1; }));
  client.stop();
  ASSERT_EQ(f.wait_for(0s), std::future_status::ready);  // before stop() returned
  EXPECT_EQ(f.get().error, "stopped");
  auto late = call(client, {.method = "GET", .url = url("/target")});
  EXPECT_EQ(late.error, "stopped");
}

TEST_F(HttpClientTest, TlsIsVerifiedAgainstTheGivenBundle) {
  auto dir = fs::temp_directory_path() / ("sb-http-client-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 -keyout " +
      (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto s = test_settings();
  s.tls_cert = (dir / "cert.pem").string();
  s.tls_key = (dir / "key.pem").string();
  start(s);
  CurlHttpClient client(log);
  auto trusted = call(
      client,
      {.method = "GET", .url = url("/target", "https"), .ca_file = (dir / "cert.pem").string()});
  EXPECT_EQ(trusted.status, 200) << trusted.error;
  // The system store does not know the test's self-signed certificate.
  auto untrusted = call(client, {.method = "GET", .url = url("/target", "https")});
  EXPECT_EQ(untrusted.status, 0);
  EXPECT_FALSE(untrusted.error.empty());
  fs::remove_all(dir);
}

TEST(AddressPolicy, NamesWhyAnAddressIsNotPublic) {
  auto judge = [](const char* text) {
    sockaddr_storage ss{};
    if (inet_pton(AF_INET, text, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr) == 1) {
      ss.ss_family = AF_INET;
    } else {
      EXPECT_EQ(inet_pton(AF_INET6, text, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr), 1);
      ss.ss_family = AF_INET6;
    }
    return non_public_reason(reinterpret_cast<sockaddr*>(&ss));
  };
  EXPECT_EQ(judge("10.1.2.3"), "10.1.2.3 is a private address");
  EXPECT_EQ(judge("172.20.0.1"), "172.20.0.1 is a private address");
  EXPECT_EQ(judge("192.168.1.1"), "192.168.1.1 is a private address");
  EXPECT_EQ(judge("169.254.169.254"), "169.254.169.254 is a link-local address");
  EXPECT_EQ(judge("127.0.0.1"), "127.0.0.1 is a loopback address");
  EXPECT_EQ(judge("100.64.0.1"), "100.64.0.1 is a shared (CGNAT) address");
  EXPECT_EQ(judge("0.0.0.0"), "0.0.0.0 is an unspecified address");
  EXPECT_EQ(judge("::1"), "::1 is a loopback address");
  EXPECT_EQ(judge("fd00::1"), "fd00::1 is a unique-local address");
  EXPECT_EQ(judge("fe80::1"), "fe80::1 is a link-local address");
  EXPECT_EQ(judge("::ffff:10.0.0.1"), "::ffff:10.0.0.1 is a private address");
  EXPECT_EQ(judge("93.184.216.34"), "");
  EXPECT_EQ(judge("172.32.0.1"), "");
  EXPECT_EQ(judge("2606:4700::1"), "");
}

}  // namespace
}  // namespace sb::kernel
