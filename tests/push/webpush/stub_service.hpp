// SPDX-License-Identifier: Apache-2.0
// The Node push-service stub (tests/push/webpush/webpush_stub.mjs) as a test fixture: a
// self-signed certificate made with openssl for this run, the stub on free loopback ports,
// and its control API (new subscriptions, how to answer, what it received).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <switchboard/json.hpp>
#include <switchboard/services/push.hpp>

namespace sb::mqtt_test {
class Child;
}

namespace webpush::test {

namespace json = boost::json;

class StubService {
 public:
  // Starts the stub; fails the test (ASSERT-style, via exceptions) when it cannot.
  StubService();
  ~StubService();
  StubService(const StubService&) = delete;
  StubService& operator=(const StubService&) = delete;

  // A fresh subscription on the stub. `query` tells it how to answer pushes, e.g.
  // "status=429&retry_after=7" or "status=302&redirect=1".
  sb::PushSubscription subscribe(const std::string& query = "");
  // The id the stub gave a subscription (the last segment of its endpoint).
  static std::string id_of(const sb::PushSubscription& s);
  // Changes how the stub answers pushes to `s` ("status=201").
  void answer(const sb::PushSubscription& s, const std::string& query);
  // Every record so far.
  json::array records();
  // The records for subscription `id`, once at least `count` exist (waits up to `timeout`).
  json::array records_for(const std::string& id, std::size_t count = 1,
                          std::chrono::milliseconds timeout = std::chrono::seconds(5));

  const std::string& origin() const { return origin_; }
  std::string cert_file() const { return (dir_ / "cert.pem").string(); }
  int push_port() const { return push_port_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<sb::mqtt_test::Child> child_;
  std::string origin_;
  int push_port_ = 0;
  int control_port_ = 0;
};

// Runs `node tests/push/webpush/cross_check.mjs <args>`: {exit code, stdout+stderr}.
std::pair<int, std::string> cross_check(const std::vector<std::string>& args);

}  // namespace webpush::test
