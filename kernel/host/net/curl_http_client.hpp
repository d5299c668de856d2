// SPDX-License-Identifier: Apache-2.0
// The kernel's sb::HttpClient: libcurl's multi interface on one thread, so any number of
// outgoing requests (push services, SMS gateways) cost no thread each; connections are
// cached per host and HTTP/2 streams multiplexed where the peer speaks it.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <switchboard/log.hpp>
#include <switchboard/services/http_client.hpp>

namespace sb::kernel {

class CurlHttpClient final : public HttpClient {
 public:
  // Responses larger than `max_response_bytes` end with an error rather than grow memory.
  explicit CurlHttpClient(Logger& log, std::size_t max_response_bytes = 1 << 20);
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  void request(HttpClientRequest request, std::function<void(HttpClientResponse)> done) override;
  // Ends every request in flight with error "stopped" (their callbacks run before this
  // returns, while the plugins that made them are still loaded) and refuses new ones.
  // Idempotent.
  void stop();

  struct Transfer;  // one request in flight; public for libcurl's C callbacks

 private:
  void run();
  void finish(Transfer& t, int curl_code);

  Logger& log_;
  std::size_t max_response_bytes_;
  void* multi_ = nullptr;  // CURLM*, kept out of the header
  std::mutex mutex_;
  std::deque<std::unique_ptr<Transfer>> incoming_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sb::kernel
